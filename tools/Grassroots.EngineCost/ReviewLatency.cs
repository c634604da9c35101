using System.Diagnostics;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.FaultInjection;

namespace Grassroots.EngineCost;

public sealed record LatencyFigures(Latencies Visible, Latencies Recorded);

/// <summary>
/// From the 202 of a unit head's <c>escalate</c> to the grid's <c>review-requested</c> step: as a reader sees it (the
/// step first visible on GET /api/events/{id}, polled every 50 ms) and as recorded (the step's own time).
/// </summary>
public sealed class ReviewLatency(GrassrootsApi api, OrgDirectory directory, IReadOnlyList<string> units, string runId)
{
    public async Task<LatencyFigures> MeasureAsync(int events, CancellationToken cancellationToken)
    {
        var visible = new List<TimeSpan>();
        var recorded = new List<TimeSpan>();
        for (var i = 0; i < events; i++)
        {
            var unitId = units[(i * 13 + 5) % units.Count];
            var eventId = await api.CaptureAsync($"latency-{runId}-{i}", unitId, "Engine cost: escalated by the unit head", cancellationToken);
            var view = await WaitAsync(eventId, v => v["stage"]?.GetValue<string>() == "awaiting-review" && v["currentTier"]?.GetValue<string>() == Tier.Unit.ToWireName(), TimeSpan.FromMilliseconds(200), cancellationToken);
            var review = new JsonObject { ["decision"] = "escalate", ["note"] = "engine cost", ["tier"] = Tier.Unit.ToWireName(), ["round"] = view["round"]!.DeepClone() };
            var reviewer = directory.ChainToCity(unitId)[0].Responsible.IdentityId;
            var (status, body) = await api.ReviewAsync(eventId, reviewer, review, cancellationToken);
            var accepted = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (status != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The unit's escalate answered {(int)status}: {body?.ToJsonString()}");
            }

            var next = await WaitAsync(eventId, v => GridRequested(v) is not null, TimeSpan.FromMilliseconds(50), cancellationToken);
            visible.Add(clock.Elapsed);
            recorded.Add(GridRequested(next)!.Value - accepted);
        }

        return new LatencyFigures(new Latencies(visible), new Latencies(recorded));
    }

    private static DateTimeOffset? GridRequested(JsonNode view) =>
        view["timeline"]?.AsArray()
            .Where(s => s!["kind"]?.GetValue<string>() == TimelineKinds.ReviewRequested && s["tier"]?.GetValue<string>() == Tier.Grid.ToWireName())
            .Select(s => (DateTimeOffset?)s!["at"]!.GetValue<DateTimeOffset>())
            .FirstOrDefault();

    private async Task<JsonNode> WaitAsync(string eventId, Func<JsonNode, bool> condition, TimeSpan poll, CancellationToken cancellationToken)
    {
        var giveUp = Stopwatch.StartNew();
        while (giveUp.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (await api.GetEventAsync(eventId, cancellationToken) is { } view && condition(view))
            {
                return view;
            }

            await Task.Delay(poll, cancellationToken);
        }

        throw new TimeoutException($"Event {eventId} did not reach the awaited state within 2 minutes.");
    }
}
