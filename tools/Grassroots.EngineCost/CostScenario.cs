using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.FaultInjection;

namespace Grassroots.EngineCost;

/// <summary>
/// One event's path played as its people would, as fast as they can: each acts as soon as the event reaches them, so
/// no deadline passes and what is counted is the work of the path itself. Every read the actor makes to see its turn
/// is counted, so the run can take the reads' own storage work out of the event's.
/// </summary>
public sealed class CostScenario(GrassrootsApi api, OrgDirectory directory, TimeSpan poll)
{
    private int reads;

    public int Reads => reads;

    /// <summary>(a) Captured, and resolved by the unit head.</summary>
    public async Task<string> ResolvedAtUnitAsync(string key, string unitId, CancellationToken cancellationToken)
    {
        var eventId = await api.CaptureAsync(key, unitId, "Engine cost: resolved at the unit", cancellationToken);
        await ReviewAsync(eventId, unitId, Tier.Unit, Decision("resolve", outcome: "fixed"), cancellationToken);
        await WaitAsync(eventId, view => view["status"]?.GetValue<string>() == "resolved", cancellationToken);
        return eventId;
    }

    /// <summary>(b) Escalated by unit, grid and community to the street, which dispatches it to two departments; each acknowledges and resolves.</summary>
    public async Task DispatchedToTwoDepartmentsAsync(string key, string unitId, IReadOnlyList<string> departments, CancellationToken cancellationToken)
    {
        var eventId = await api.CaptureAsync(key, unitId, "Engine cost: escalated to the street and dispatched to two departments", cancellationToken);
        foreach (var tier in new[] { Tier.Unit, Tier.Grid, Tier.Community })
        {
            await ReviewAsync(eventId, unitId, tier, Decision("escalate"), cancellationToken);
        }

        var dispatch = Decision("dispatch");
        dispatch["departments"] = new JsonArray([.. departments.Select(d => (JsonNode)d)]);
        await ReviewAsync(eventId, unitId, Tier.Town, dispatch, cancellationToken);
        await Task.WhenAll(departments.Select(d => DepartmentResolvesAsync(eventId, d, cancellationToken)));
        await WaitAsync(eventId, view => view["status"]?.GetValue<string>() == "resolved", cancellationToken);
    }

    private async Task DepartmentResolvesAsync(string eventId, string departmentId, CancellationToken cancellationToken)
    {
        var identity = directory.FindDepartment(departmentId)!.Contact.IdentityId;
        foreach (var (from, kind) in new[] { ("dispatched", "acknowledged"), ("acknowledged", "resolved") })
        {
            var view = await WaitAsync(eventId, v => v["stage"]?.GetValue<string>() == "dispatched" && Dispatch(v, departmentId)?["state"]?.GetValue<string>() == from, cancellationToken);
            var body = new JsonObject { ["kind"] = kind, ["note"] = "engine cost", ["round"] = view["round"]!.DeepClone() };
            Expect(await api.ReportAsync(eventId, identity, body, cancellationToken), $"{departmentId} {kind}");
        }
    }

    private async Task ReviewAsync(string eventId, string unitId, Tier tier, JsonObject decision, CancellationToken cancellationToken)
    {
        var view = await WaitAsync(eventId, v => v["stage"]?.GetValue<string>() == "awaiting-review" && v["currentTier"]?.GetValue<string>() == tier.ToWireName(), cancellationToken);
        decision["tier"] = tier.ToWireName();
        decision["round"] = view["round"]!.DeepClone();
        var reviewer = directory.ChainToCity(unitId).Single(n => n.Tier == tier).Responsible.IdentityId;
        Expect(await api.ReviewAsync(eventId, reviewer, decision, cancellationToken), $"{tier.ToWireName()} {decision["decision"]}");
    }

    private async Task<JsonNode> WaitAsync(string eventId, Func<JsonNode, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Interlocked.Increment(ref reads);
            if (await api.GetEventAsync(eventId, cancellationToken) is { } view && condition(view))
            {
                return view;
            }

            await Task.Delay(poll, cancellationToken);
        }
    }

    private static JsonObject Decision(string decision, string? outcome = null)
    {
        var body = new JsonObject { ["decision"] = decision, ["note"] = "engine cost" };
        if (outcome is not null)
        {
            body["outcome"] = outcome;
        }

        return body;
    }

    private static JsonNode? Dispatch(JsonNode view, string departmentId) =>
        view["dispatches"]?.AsArray().Where(d => d!["departmentId"]!.GetValue<string>() == departmentId).MaxBy(d => d!["round"]!.GetValue<int>());

    private static void Expect((System.Net.HttpStatusCode Status, JsonNode? Body) answer, string action)
    {
        if (answer.Status != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{action} answered {(int)answer.Status}: {answer.Body?.ToJsonString()}");
        }
    }
}
