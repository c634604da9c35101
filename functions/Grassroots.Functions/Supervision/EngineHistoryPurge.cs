using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Supervision;

/// <summary>
/// Removes from the task hub the history of escalations that finished (Completed) and started more than
/// <see cref="SupervisionOptions.EngineHistoryRetention"/> ago. Only Completed: a Failed or Terminated instance of an open
/// event is what the watchdog looks for, and a running one is never touched.
/// </summary>
public sealed class EngineHistoryPurge(TimeProvider clock, IOptions<SupervisionOptions> options, ILogger<EngineHistoryPurge> logger)
{
    /// <returns>How many instances were purged.</returns>
    public async Task<int> RunAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var startedBefore = clock.GetUtcNow() - options.Value.EngineHistoryRetention;
        // A start bound is given though any would do: the local host's sidecar cannot read a filter without one.
        var result = await durable.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UnixEpoch, CreatedTo: startedBefore, Statuses: [OrchestrationRuntimeStatus.Completed]),
            cancellationToken);
        if (result.PurgedInstanceCount > 0)
        {
            logger.LogInformation("Engine history: purged {Count} finished escalations started before {Before:O}", result.PurgedInstanceCount, startedBefore);
        }

        return result.PurgedInstanceCount;
    }
}
