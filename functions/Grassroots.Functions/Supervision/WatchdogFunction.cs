using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Supervision;

/// <summary>Every five minutes: the watchdog looks at every open event's escalation and restarts the ones that are gone.</summary>
public sealed class WatchdogFunction(EventWatchdog watchdog)
{
    public const string Schedule = "0 */5 * * * *";

    [Function("Watchdog")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durableClient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        return watchdog.RunAsync(durableClient, cancellationToken);
    }
}
