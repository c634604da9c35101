using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.FaultInjection;

namespace Grassroots.Simulator;

/// <summary>
/// The people around one event, acting over HTTP as they would: the unit head captures the resident's report; each
/// tier's person, on seeing the event at their tier (read from the event, polled), acts as the plan says at
/// arrival + response time (the arrival is the app's own: the deadline minus the review window), or lets the
/// deadline pass; departments acknowledge and resolve; the resident answers the follow-up.
/// </summary>
public sealed class EventActors(
    GrassrootsApi api,
    SimulatorApi simulator,
    OrgDirectory directory,
    IReadOnlyDictionary<string, IReadOnlyList<Department>> dispatchable,
    SimulatedCalendar calendar,
    double windowDays,
    TimeSpan poll,
    string runId)
{
    private const int DepartmentResolveWorkingDays = Department.DefaultResolveWithinWorkingDays;

    public async Task RunAsync(EventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plan = record.Plan;
        await calendar.UntilAsync(plan.CaptureDay, cancellationToken);
        var (eventId, token) = await simulator.CaptureAsync($"sim-{runId}-{plan.Index}", plan, cancellationToken);
        record.EventId = eventId;
        var handled = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? lastReview = null;
        var answered = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var view = await api.GetEventAsync(eventId, cancellationToken);
            if (view is null)
            {
                await Task.Delay(poll, cancellationToken);
                continue;
            }

            record.CapturedDay ??= calendar.DayOf(Time(view["capturedAt"])!.Value);
            if (view["status"]!.GetValue<string>() != "open")
            {
                record.ClosedDay = calendar.DayOf(Time(view["closedAt"]) ?? DateTimeOffset.UtcNow);
                record.ResolvedTier = view["resolvedTier"]?.GetValue<string>() is { } resolved && TierExtensions.TryParseWireName(resolved, out var t) ? t : null;
                if (answered || plan.FollowUp is not { } answer || token is null || view["followUp"]?["state"]?.GetValue<string>() != "open")
                {
                    return;
                }

                await calendar.UntilAsync(record.ClosedDay.Value + answer.AfterDays, cancellationToken);
                if (await simulator.FollowUpAsync(token, answer, cancellationToken) == HttpStatusCode.Accepted)
                {
                    record.FollowUpsAnswered++;
                    record.Reopened += answer.Fixed ? 0 : 1;
                    record.ClosedDay = null;
                }

                answered = true;
                continue;
            }

            var wake = DateTimeOffset.UtcNow + poll;
            var round = view["round"]!.GetValue<int>();
            var tier = TierExtensions.TryParseWireName(view["currentTier"]!.GetValue<string>(), out var current) ? current : Tier.Unit;
            switch (view["stage"]?.GetValue<string>())
            {
                case "awaiting-review" when handled.Add($"{tier}:{round}"):
                    record.TierCycles++;
                    var arrival = Time(view["deadlineUtc"])!.Value - calendar.Day * windowDays;
                    if (lastReview is { } reviewed)
                    {
                        record.HopSeconds.Add((arrival - reviewed).TotalSeconds);
                        lastReview = null;
                    }

                    lastReview = await ReviewAsync(record, eventId, round, tier, arrival, cancellationToken);
                    if (lastReview is null && Time(view["deadlineUtc"]) is { } deadline && deadline > wake)
                    {
                        // Nobody acts here: nothing changes before the deadline, so there is nothing to read until then.
                        wake = deadline + poll;
                    }

                    break;
                case "dispatched":
                    wake = await DepartmentsAsync(record, view, eventId, round, handled, cancellationToken) is { } next && next > wake ? next : wake;
                    break;
            }

            await SimulatedCalendar.UntilAsync(wake, cancellationToken);
        }
    }

    private async Task<DateTimeOffset?> ReviewAsync(EventRecord record, string eventId, int round, Tier tier, DateTimeOffset arrival, CancellationToken cancellationToken)
    {
        var act = record.Plan.Acts[tier];
        // Past its deadline the city keeps the event (there is no one to bypass to), so the city acts whenever it means to.
        if (act.Intent == Intent.Never || (!act.InTime(windowDays) && tier != Tier.City))
        {
            record.IntendedMisses.Add(tier);
            return null;
        }

        var intended = arrival + calendar.Day * act.ResponseDays;
        var late = DateTimeOffset.UtcNow - intended;
        if (late > TimeSpan.Zero)
        {
            record.LagSeconds.Add(late.TotalSeconds);
        }

        await SimulatedCalendar.UntilAsync(intended, cancellationToken);
        var decision = new JsonObject { ["tier"] = tier.ToWireName(), ["round"] = round, ["note"] = "simulated" };
        switch (act.Intent)
        {
            case Intent.Resolve:
                decision["decision"] = "resolve";
                decision["outcome"] = "fixed";
                break;
            case Intent.Escalate:
                decision["decision"] = "escalate";
                break;
            case Intent.Dispatch:
                var node = directory.ChainToCity(record.Plan.UnitId).Single(n => n.Tier == tier);
                var options = dispatchable[node.Id];
                decision["decision"] = "dispatch";
                decision["departments"] = new JsonArray([.. Enumerable.Range(0, Math.Min(record.Plan.Department.Departments, options.Count))
                    .Select(i => (JsonNode)options[(record.Plan.Index + i) % options.Count].Id)]);
                break;
        }

        var reviewer = directory.ChainToCity(record.Plan.UnitId).Single(n => n.Tier == tier).Responsible.IdentityId;
        var (status, _) = await api.ReviewAsync(eventId, reviewer, decision, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            record.Refused.Add((tier, (int)status));
            return null;
        }

        return DateTimeOffset.UtcNow;
    }

    /// <returns>When the next department means to act, if none acts now; null when one did (the event is about to change).</returns>
    private async Task<DateTimeOffset?> DepartmentsAsync(EventRecord record, JsonNode view, string eventId, int round, HashSet<string> handled, CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        var acted = false;
        foreach (var dispatch in view["dispatches"]?.AsArray() ?? [])
        {
            if (dispatch!["round"]!.GetValue<int>() != round)
            {
                continue;
            }

            var departmentId = dispatch["departmentId"]!.GetValue<string>();
            // The resolve deadline is the dispatch plus the department's working days, each one review window long.
            var dispatchedAt = Time(dispatch["resolveByUtc"])!.Value - calendar.Day * windowDays * DepartmentResolveWorkingDays;
            var (kind, afterDays) = dispatch["state"]!.GetValue<string>() switch
            {
                "dispatched" => ("acknowledged", record.Plan.Department.AcknowledgeDays),
                "acknowledged" => ("resolved", record.Plan.Department.ResolveDays),
                _ => (null, 0),
            };
            var at = dispatchedAt + calendar.Day * afterDays;
            if (kind is not null && DateTimeOffset.UtcNow < at)
            {
                next = next is { } soonest && soonest < at ? soonest : at;
                continue;
            }

            if (kind is null || !handled.Add($"{departmentId}:{round}:{kind}"))
            {
                continue;
            }

            acted = true;

            var identity = directory.FindDepartment(departmentId)!.Contact.IdentityId;
            var body = new JsonObject { ["kind"] = kind, ["round"] = round, ["note"] = "simulated" };
            var (status, _) = await api.ReportAsync(eventId, identity, body, cancellationToken);
            if (status != HttpStatusCode.Accepted)
            {
                handled.Remove($"{departmentId}:{round}:{kind}");
            }
        }

        return acted ? null : next;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
}
