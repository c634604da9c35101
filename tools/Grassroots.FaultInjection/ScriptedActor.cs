using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;

namespace Grassroots.FaultInjection;

/// <summary>What happened to one event's script: the answers its actions got and whether a fault got in its way.</summary>
public sealed class ScriptRecord(EventScript script)
{
    private readonly List<string> actions = [];

    public EventScript Script { get; } = script;
    public string? EventId { get; set; }
    public DateTimeOffset? CapturedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Set when an on-time action could only be delivered too close to (or after) its deadline because of a fault.</summary>
    public string? HeldBack { get; set; }
    /// <summary>Set when the actor stopped waiting for the event to reach its next turn.</summary>
    public string? GaveUp { get; set; }
    /// <summary>Answers no correct app gives to these actions (a 4xx other than 409, or a late action accepted).</summary>
    public List<string> Unexpected { get; } = [];
    public IReadOnlyList<string> Actions { get { lock (actions) { return [.. actions]; } } }

    public void Log(string line)
    {
        lock (actions)
        {
            actions.Add(line);
        }
    }
}

/// <summary>
/// Plays one event's script over HTTP: captures it, then waits for each turn (the event at a tier, a dispatch in a
/// state) by reading the event, and acts as that tier's person or that department would. Reads <c>round</c> from the
/// event when the app shows one and sends it back with every decision; sends none where the app knows no rounds.
/// </summary>
/// <remarks>
/// The actor waits <see cref="FaultRunOptions.ScriptBudget"/> at most, plus <paramref name="faultRecovery"/>: how long
/// the host and engine were away or catching up (kills, storage restarts) since the actor started. A fault slows every
/// escalation in flight; it must not turn a script that was played on time into a person who gave up waiting.
/// </remarks>
public sealed class ScriptedActor(GrassrootsApi api, OrgDirectory directory, FaultRunOptions options, ScriptRecord record, Func<TimeSpan, TimeSpan> faultRecovery, Stopwatch runClock)
{
    private TimeSpan startedAt;
    private CancellationTokenSource? budget;

    /// <summary>An on-time action must be accepted at least this long before its deadline to count as on time.</summary>
    private static readonly TimeSpan OnTimeMargin = TimeSpan.FromSeconds(1);

    private EventScript Script => record.Script;

    private string EventId => record.EventId!;

    public async Task RunAsync(string runId, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        this.budget = budget;
        startedAt = runClock.Elapsed;
        budget.CancelAfter(options.ScriptBudget);
        try
        {
            record.EventId = await api.CaptureAsync($"{runId}-{Script.Number:D4}", Script.UnitId, $"Fault run {runId}, event {Script.Number}: {Script.Kind}", budget.Token);
            record.CapturedAt = DateTimeOffset.UtcNow;
            record.Log("captured " + EventId);
            await PlayAsync(budget.Token);
        }
        catch (ScriptEndedException)
        {
            // Nothing left to act on; the final check compares the state with the script's.
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            record.GaveUp ??= $"the script did not finish within {Allowed.TotalSeconds:0} s";
        }
        finally
        {
            record.FinishedAt = DateTimeOffset.UtcNow;
        }
    }

    private async Task PlayAsync(CancellationToken cancellationToken)
    {
        switch (Script.Kind)
        {
            case ScriptKind.UnitResolves:
                await ReviewAsync(Tier.Unit, Resolve("fixed"), Script.DoubleAction, cancellationToken);
                break;
            case ScriptKind.GridCloses:
                await ReviewAsync(Tier.Unit, Escalate(), false, cancellationToken);
                await ReviewAsync(Tier.Grid, Resolve("no-action-needed"), false, cancellationToken);
                break;
            case ScriptKind.LateUnitReview:
                var atUnit = await WaitForTurnAsync(Tier.Unit, null, cancellationToken);
                await WaitForTurnAsync(Tier.Grid, null, cancellationToken);
                await LateReviewAsync(Tier.Unit, Round(atUnit), Resolve("no-action-needed"), cancellationToken);
                await ReviewAsync(Tier.Grid, Resolve("fixed"), false, cancellationToken);
                break;
            case ScriptKind.DepartmentsResolve:
            case ScriptKind.QueuelessDepartment:
                await EscalateToTownAsync(cancellationToken);
                await ReviewAsync(Tier.Town, Dispatch(), false, cancellationToken);
                await Task.WhenAll(Script.Departments.Select(d => DepartmentResolvesAsync(d, cancellationToken)));
                break;
            case ScriptKind.DepartmentReturns:
                await EscalateToTownAsync(cancellationToken);
                await ReviewAsync(Tier.Town, Dispatch(), Script.DoubleAction, cancellationToken);
                await DepartmentReturnsAsync(Script.Departments[0], cancellationToken);
                await ReviewAsync(Tier.Town, Resolve("not-ours"), false, cancellationToken,
                    back => back["dispatches"]!.AsArray().Any(d => d!["state"]!.GetValue<string>() == "returned"));
                break;
            case ScriptKind.DeadlinesToCity:
                await WaitForTurnAsync(Tier.City, Script.MissCityDay ? view => view["overdue"]!.GetValue<bool>() : null, cancellationToken);
                await ReviewAsync(Tier.City, Resolve("fixed"), false, cancellationToken,
                    Script.MissCityDay ? view => view["overdue"]!.GetValue<bool>() : null);
                break;
        }

        record.Log("script done");
    }

    private async Task EscalateToTownAsync(CancellationToken cancellationToken)
    {
        foreach (var tier in new[] { Tier.Unit, Tier.Grid, Tier.Community })
        {
            await ReviewAsync(tier, Escalate(), false, cancellationToken);
        }
    }

    private static JsonObject Resolve(string outcome) => new() { ["decision"] = "resolve", ["outcome"] = outcome, ["note"] = "scripted " + outcome };

    private static JsonObject Escalate() => new() { ["decision"] = "escalate", ["note"] = "scripted escalation" };

    private JsonObject Dispatch() => new() { ["decision"] = "dispatch", ["departments"] = new JsonArray([.. Script.Departments.Select(d => (JsonNode)d)]), ["note"] = "scripted dispatch" };

    /// <summary>Waits for the event to await review at the tier, then sends the tier's person's decision (twice at once for a double click).</summary>
    private async Task ReviewAsync(Tier tier, JsonObject decision, bool twice, CancellationToken cancellationToken, Func<JsonNode, bool>? also = null)
    {
        var view = await WaitForTurnAsync(tier, also, cancellationToken);
        var body = WithRound((JsonObject)decision.DeepClone(), view);
        body["tier"] = tier.ToWireName();
        var reviewer = Reviewer(tier);
        var sends = Enumerable.Range(0, twice ? 2 : 1).Select(_ => api.ReviewAsync(EventId, reviewer, (JsonObject)body.DeepClone(), cancellationToken)).ToList();
        var answers = await Task.WhenAll(sends);
        var acceptedAt = DateTimeOffset.UtcNow;
        foreach (var (status, problem) in answers)
        {
            Answered($"{tier.ToWireName()} {decision["decision"]}{(twice ? " (double click)" : "")}", status, problem, lateOnPurpose: false);
        }

        if (answers.Any(a => a.Status == HttpStatusCode.Accepted))
        {
            CheckOnTime(acceptedAt, Deadline(view["deadlineUtc"]), $"{tier.ToWireName()} {decision["decision"]}");
        }
    }

    /// <summary>A decision for a tier the event already left, naming the round it had there: must be refused.</summary>
    private async Task LateReviewAsync(Tier tier, int? roundThen, JsonObject decision, CancellationToken cancellationToken)
    {
        var body = (JsonObject)decision.DeepClone();
        body["tier"] = tier.ToWireName();
        if (roundThen is { } round)
        {
            body["round"] = round;
        }

        var (status, problem) = await api.ReviewAsync(EventId, Reviewer(tier), body, cancellationToken);
        Answered($"late {tier.ToWireName()} {decision["decision"]}", status, problem, lateOnPurpose: true);
    }

    private async Task DepartmentResolvesAsync(string departmentId, CancellationToken cancellationToken)
    {
        var dispatched = await WaitForDispatchAsync(departmentId, "dispatched", cancellationToken);
        await ReportAsync(departmentId, dispatched, "acknowledged", null, twice: false, "acknowledgeByUtc", cancellationToken);
        var acknowledged = await WaitForDispatchAsync(departmentId, "acknowledged", cancellationToken);
        await ReportAsync(departmentId, acknowledged, "resolved", null, Script.DuplicateReport, "resolveByUtc", cancellationToken);
    }

    private async Task DepartmentReturnsAsync(string departmentId, CancellationToken cancellationToken)
    {
        var dispatched = await WaitForDispatchAsync(departmentId, "dispatched", cancellationToken);
        await ReportAsync(departmentId, dispatched, "acknowledged", null, twice: false, "acknowledgeByUtc", cancellationToken);
        var acknowledged = await WaitForDispatchAsync(departmentId, "acknowledged", cancellationToken);
        await ReportAsync(departmentId, acknowledged, "returned", "not within this bureau's remit", twice: false, "resolveByUtc", cancellationToken);
    }

    private async Task ReportAsync(string departmentId, JsonNode view, string kind, string? reason, bool twice, string deadlineField, CancellationToken cancellationToken)
    {
        var body = WithRound(new JsonObject { ["kind"] = kind, ["note"] = "scripted " + kind }, view);
        if (reason is not null)
        {
            body["reason"] = reason;
        }

        var identity = directory.FindDepartment(departmentId)!.Contact.IdentityId;
        var answers = await Task.WhenAll(Enumerable.Range(0, twice ? 2 : 1).Select(_ => api.ReportAsync(EventId, identity, (JsonObject)body.DeepClone(), cancellationToken)));
        var acceptedAt = DateTimeOffset.UtcNow;
        foreach (var (status, problem) in answers)
        {
            Answered($"{departmentId} {kind}{(twice ? " (sent twice)" : "")}", status, problem, lateOnPurpose: false);
        }

        if (answers.Any(a => a.Status == HttpStatusCode.Accepted))
        {
            CheckOnTime(acceptedAt, Deadline(LatestDispatch(view, departmentId)?[deadlineField]), $"{departmentId} {kind}");
        }
    }

    private Task<JsonNode> WaitForTurnAsync(Tier tier, Func<JsonNode, bool>? also, CancellationToken cancellationToken) =>
        WaitForAsync($"awaiting review at {tier.ToWireName()}", view =>
            view["stage"]?.GetValue<string>() == "awaiting-review" && view["currentTier"]?.GetValue<string>() == tier.ToWireName() && (also?.Invoke(view) ?? true),
            cancellationToken);

    private Task<JsonNode> WaitForDispatchAsync(string departmentId, string state, CancellationToken cancellationToken) =>
        WaitForAsync($"dispatch to {departmentId} {state}", view =>
            view["stage"]?.GetValue<string>() == "dispatched" && LatestDispatch(view, departmentId)?["state"]?.GetValue<string>() == state,
            cancellationToken);

    private async Task<JsonNode> WaitForAsync(string what, Func<JsonNode, bool> condition, CancellationToken cancellationToken)
    {
        JsonNode? last = null;
        try
        {
            while (true)
            {
                if (await api.GetEventAsync(EventId, cancellationToken) is { } view)
                {
                    last = view;
                    if (view["status"]?.GetValue<string>() != "open")
                    {
                        record.GaveUp = $"waited for {what}, but the event is already {view["status"]} ({view["outcome"]}) at {view["resolvedTier"]}";
                        throw new ScriptEndedException();
                    }

                    if (condition(view))
                    {
                        return view;
                    }
                }

                ExtendBudgetForFaults();
                await Task.Delay(options.PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            record.GaveUp = $"waited for {what}; last seen {Summary(last)}";
            throw;
        }
    }

    private TimeSpan Allowed => options.ScriptBudget + faultRecovery(startedAt);

    private void ExtendBudgetForFaults()
    {
        var left = startedAt + Allowed - runClock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            // Re-arming moves the cancellation later; once it has fired it stays fired.
            budget?.CancelAfter(left);
        }
    }

    private static JsonNode? LatestDispatch(JsonNode view, string departmentId) =>
        view["dispatches"]?.AsArray().Where(d => d!["departmentId"]!.GetValue<string>() == departmentId).MaxBy(d => d!["round"]!.GetValue<int>());

    private static int? Round(JsonNode view) => view["round"] is JsonValue value && value.TryGetValue<int>(out var round) ? round : null;

    /// <summary>The app asks for the round only once it shows one; before that an unknown field is refused.</summary>
    private static JsonObject WithRound(JsonObject body, JsonNode view)
    {
        if (Round(view) is { } round)
        {
            body["round"] = round;
        }

        return body;
    }

    private string Reviewer(Tier tier) =>
        directory.ChainToCity(Script.UnitId).Single(n => n.Tier == tier).Responsible.IdentityId;

    private void Answered(string action, HttpStatusCode status, JsonNode? problem, bool lateOnPurpose)
    {
        var detail = problem?["detail"]?.GetValue<string>();
        record.Log($"{action}: {(int)status}{(detail is null ? "" : " " + detail)}");
        // A late decision is refused: 409 (stale round or tier) or 403 (the event has moved above the late person's node).
        if (lateOnPurpose ? status is not (HttpStatusCode.Conflict or HttpStatusCode.Forbidden) : status is not (HttpStatusCode.Accepted or HttpStatusCode.Conflict))
        {
            record.Unexpected.Add($"{action} answered {(int)status}{(detail is null ? "" : ": " + detail)}");
        }
    }

    private void CheckOnTime(DateTimeOffset acceptedAt, DateTimeOffset? deadline, string action)
    {
        if (deadline is { } due && acceptedAt > due - OnTimeMargin)
        {
            record.HeldBack ??= $"{action} accepted {(acceptedAt - due).TotalSeconds.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} s from its deadline";
        }
    }

    private static DateTimeOffset? Deadline(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string Summary(JsonNode? view) => view is null ? "nothing (unreadable)" :
        $"{view["status"]}/{view["stage"]} at {view["currentTier"]}{(view["round"] is { } r ? " round " + r : "")}";
}

/// <summary>The event closed before the script's next turn: nothing more to do; the final check judges the state.</summary>
public sealed class ScriptEndedException : Exception
{
    public ScriptEndedException()
    {
    }

    public ScriptEndedException(string message) : base(message)
    {
    }

    public ScriptEndedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
