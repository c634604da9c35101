using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends one notification; one the broker does not take goes to the outbox and comes back delayed, so a missing queue
/// or an outage never fails the escalation. The timeline row for it is written by the orchestration either way.
/// </summary>
public sealed class NotifyActivity(NotificationPublisher publisher, NotificationOutbox outbox, IOptions<OutboxOptions> options)
{
    public const string Name = "Notify";

    [Function(Name)]
    public async Task<NoticeDelivery> Run([ActivityTrigger] Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var delivery = await publisher.DeliverAsync(notification, options.Value.SendTimeout);
        if (delivery.IsDelayed)
        {
            await outbox.KeepAsync(notification, publisher.EntityFor(notification), delivery.Reason!);
        }

        return delivery;
    }
}
