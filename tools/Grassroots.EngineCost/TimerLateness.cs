using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Grassroots.EngineCost;

public sealed record TimerFigures(int Timers, int Ran, TimeSpan Lead, TimeSpan ScheduledIn, Latencies Lateness);

/// <summary>
/// N bare orchestrations whose timers all fall due at the same instant; lateness is when each timer's continuation ran
/// (its activity's wall clock) minus that instant.
/// </summary>
public static class TimerLateness
{
    /// <param name="lead">How long after the first start the timers fall due; null: 30 s or one second per 25 timers, whichever is longer.</param>
    public static async Task<TimerFigures> MeasureAsync(DurableTaskClient durable, int timers, TimeSpan? lead, string runId, Action<string> say, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        // Long enough for every instance to be started and to have set its timer before it falls due (the engine starts
        // some tens of instances a second on two idle cores, fewer on busy ones); the report sets how long scheduling
        // took beside the lead, so a start that ran late shows, not hidden.
        var leadTime = lead ?? TimeSpan.FromSeconds(Math.Max(30, timers / 25.0));
        var dueAt = DateTimeOffset.UtcNow + leadTime;
        var started = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, timers).Select(i => $"timer-{runId}-{i}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            await durable.ScheduleNewOrchestrationInstanceAsync(BareOrchestration.OrchestratorName, new BareInput(dueAt, TimeSpan.Zero, 1), new StartOrchestrationOptions(InstanceId: id), ct));
        var scheduledIn = DateTimeOffset.UtcNow - started;
        say($"{timers} timers scheduled in {scheduledIn.TotalSeconds:0} s, all due at {dueAt:HH:mm:ss}");

        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var ran = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var giveUp = dueAt + TimeSpan.FromMinutes(8);
        while (ran.Count < timers && DateTimeOffset.UtcNow < giveUp)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            foreach (var (id, at) in BareOrchestration.Steps.ToArray())
            {
                if (wanted.Contains(id))
                {
                    ran.TryAdd(id, at);
                }
            }
        }

        return new TimerFigures(timers, ran.Count, leadTime, scheduledIn, new Latencies(ran.Values.Select(at => at - dueAt)));
    }
}
