using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends what waits in the outbox, on a timer, until it is sent. A notice is removed only after the broker took it;
/// if the removal is lost, the next run sends it again under the same MessageId and duplicate detection drops it.
/// </summary>
public sealed class OutboxDrainFunction(
    NotificationOutbox outbox, NotificationPublisher publisher, IOptions<OutboxOptions> options, ILogger<OutboxDrainFunction> logger)
{
    public const string Name = "DrainNotificationOutbox";

    /// <summary>NCRONTAB with seconds: every minute.</summary>
    public const string Schedule = "0 * * * * *";

    /// <summary>After this many entities failed in one run the broker itself is probably down: the next run tries again.</summary>
    private const int FailingEntitiesBeforeGivingUp = 3;

    [Function(Name)]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var failing = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;
        var waiting = 0;
        await foreach (var row in outbox.PendingAsync(options.Value.DrainPageSize, cancellationToken))
        {
            if (failing.Count >= FailingEntitiesBeforeGivingUp)
            {
                break;
            }

            if (failing.Contains(row.Entity))
            {
                // One missing queue or refused entity must not hold up the notices for the others.
                waiting++;
                continue;
            }

            var delivery = await publisher.DeliverAsync(row.ToNotification(), options.Value.SendTimeout, cancellationToken);
            if (delivery.IsDelayed)
            {
                failing.Add(row.Entity);
                waiting++;
                await outbox.NoteFailureAsync(row, delivery.Reason!, cancellationToken);
                continue;
            }

            // Sent, or no broker configured any more (the timeline is then the notice): either way it is done.
            await outbox.RemoveAsync(row, cancellationToken);
            sent++;
        }

        if (sent > 0 || waiting > 0)
        {
            logger.LogInformation("Outbox drain: {Sent} notices sent, {Waiting} still waiting ({Failing} entities failing)", sent, waiting, failing.Count);
        }
    }
}
