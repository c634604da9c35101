using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace Grassroots.EngineCost;

/// <summary>What a bare orchestration is given: a timer due at <paramref name="DueAt"/> (or <paramref name="Timer"/> after it
/// runs), then one activity; <paramref name="Cycles"/> times over, continuing as new after each, as the app does at each tier.</summary>
public sealed record BareInput(DateTimeOffset? DueAt, TimeSpan Timer, int Cycles);

/// <summary>
/// The yardstick registered by this tool beside the app's functions on the same engine: one timer and one trivial
/// activity per cycle. The activity notes the wall-clock time it ran, which is when the timer's continuation really ran
/// (after a timer the orchestration's own clock says the timer's due time, whatever the delay).
/// </summary>
public static class BareOrchestration
{
    public const string OrchestratorName = "EngineCostBareOrchestration";
    public const string ActivityName = "EngineCostBareStep";

    /// <summary>Every run of the activity: instance id and when it ran.</summary>
    public static ConcurrentQueue<(string InstanceId, DateTimeOffset RanAt)> Steps { get; } = new();

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(OrchestratorName, () => new Orchestrator());
        registry.AddActivity(ActivityName, _ => new Step());
    }

    private sealed class Orchestrator : TaskOrchestrator<BareInput, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, BareInput input)
        {
            var due = input.DueAt?.UtcDateTime ?? context.CurrentUtcDateTime + input.Timer;
            await context.CreateTimer(due, CancellationToken.None);
            // The analyzer finds activities declared as functions only; this one is registered by name in Register above.
#pragma warning disable DURABLE2003
            await context.CallActivityAsync<bool>(ActivityName, context.InstanceId);
#pragma warning restore DURABLE2003
            if (input.Cycles > 1)
            {
                context.ContinueAsNew(input with { DueAt = null, Cycles = input.Cycles - 1 });
            }

            return input.Cycles;
        }
    }

    private sealed class Step : TaskActivity<string, bool>
    {
        public override Task<bool> RunAsync(TaskActivityContext context, string input)
        {
            Steps.Enqueue((input, DateTimeOffset.UtcNow));
            return Task.FromResult(true);
        }
    }
}
