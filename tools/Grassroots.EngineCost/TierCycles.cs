using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.FaultInjection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grassroots.EngineCost;

public sealed record CycleFigures(int Instances, int Cycles, TimeSpan Period, double AppPerSecond, TimeSpan AppSpan, double BarePerSecond, TimeSpan BareSpan, int AppFinished)
{
    /// <summary>Cycles per second if every timer's continuation ran the instant it fell due.</summary>
    public double IdealPerSecond => Instances / Period.TotalSeconds;

    public double Ratio => AppPerSecond / BarePerSecond;
}

/// <summary>
/// Tier cycles: unreviewed events carried up by missed deadlines (review requested at one tier, deadline missed, review
/// requested at the next), against bare orchestrations doing one timer of the same length and one activity per cycle,
/// as many at once, on the same engine.
/// </summary>
public sealed class TierCycles(GrassrootsApi api, DurableTaskClient durable, IReadOnlyList<string> units, string runId)
{
    private const int CyclesToCity = 5;

    public async Task<CycleFigures> MeasureAsync(int instances, TimeSpan period, Action<string> say, CancellationToken cancellationToken)
    {
        var (appSpan, finished) = await AppAsync(instances, cancellationToken);
        var appRate = finished * CyclesToCity / appSpan.TotalSeconds;
        say($"app: {finished} events climbed unit to city in {appSpan.TotalSeconds:0} s: {appRate:0.00} tier cycles/s");
        var bareSpan = await BareAsync(instances, period, cancellationToken);
        var bareRate = instances * CyclesToCity / bareSpan.TotalSeconds;
        say($"bare: {instances} orchestrations did {CyclesToCity} timer+activity cycles in {bareSpan.TotalSeconds:0} s: {bareRate:0.00} cycles/s");
        return new CycleFigures(instances, CyclesToCity, period, appRate, appSpan, bareRate, bareSpan, finished);
    }

    /// <summary>From the first review requested at a unit to the last at the city, by the timeline's own times.</summary>
    private async Task<(TimeSpan Span, int Finished)> AppAsync(int instances, CancellationToken cancellationToken)
    {
        var ids = new string[instances];
        await Parallel.ForEachAsync(Enumerable.Range(0, instances), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            ids[i] = await api.CaptureAsync($"cycle-{runId}-{i}", units[(i * 31) % units.Count], "Engine cost: nobody reviews", ct));
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(6);
        var firsts = new List<DateTimeOffset>();
        var lasts = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            while (DateTimeOffset.UtcNow < giveUp)
            {
                if (await api.GetEventAsync(id, cancellationToken) is { } view && Requested(view, Tier.City) is { } atCity)
                {
                    firsts.Add(Requested(view, Tier.Unit) ?? atCity);
                    lasts.Add(atCity);
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        return firsts.Count == 0 ? (TimeSpan.MaxValue, 0) : (lasts.Max() - firsts.Min(), lasts.Count);
    }

    private static DateTimeOffset? Requested(JsonNode view, Tier tier) =>
        view["timeline"]?.AsArray()
            .Where(s => s!["kind"]?.GetValue<string>() == TimelineKinds.ReviewRequested && s["tier"]?.GetValue<string>() == tier.ToWireName())
            .Select(s => (DateTimeOffset?)s!["at"]!.GetValue<DateTimeOffset>())
            .FirstOrDefault();

    /// <summary>From the first start to the last activity's run.</summary>
    private async Task<TimeSpan> BareAsync(int instances, TimeSpan period, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, instances).Select(i => $"bare-{runId}-{i}").ToHashSet(StringComparer.Ordinal);
        var started = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
            await durable.ScheduleNewOrchestrationInstanceAsync(BareOrchestration.OrchestratorName, new BareInput(null, period, CyclesToCity), new StartOrchestrationOptions(InstanceId: id), ct));
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(6);
        while (DateTimeOffset.UtcNow < giveUp)
        {
            var steps = BareOrchestration.Steps.Where(s => ids.Contains(s.InstanceId)).ToList();
            if (steps.Count >= instances * CyclesToCity)
            {
                return steps.Max(s => s.RanAt) - started;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        throw new TimeoutException($"The bare orchestrations did not finish their {CyclesToCity} cycles within 6 minutes.");
    }
}
