using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Supervision;

/// <summary>Every five minutes: finished escalations older than the retention leave the task hub (<see cref="EngineHistoryPurge"/>).</summary>
public sealed class EngineHistoryPurgeFunction(EngineHistoryPurge purge)
{
    public const string Schedule = "30 */5 * * * *";

    [Function("EngineHistoryPurge")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durableClient, CancellationToken cancellationToken) =>
        purge.RunAsync(durableClient, cancellationToken);
}
