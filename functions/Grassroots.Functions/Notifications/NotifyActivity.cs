using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends one notification; one the broker does not take goes to the outbox and comes back delayed, so a missing queue
/// or an outage never fails the escalation. The timeline row for it is written by the orchestration either way.
/// </summary>
public sealed class NotifyActivity(
    NotificationPublisher publisher, NotificationOutbox outbox, GrassrootsTables tables, IOptions<OutboxOptions> options)
{
    public const string Name = "Notify";

    [Function(Name)]
    public async Task<NoticeDelivery> Run([ActivityTrigger] Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        notification = await WithEventDetailsAsync(notification);
        var delivery = await publisher.DeliverAsync(notification, options.Value.SendTimeout);
        if (delivery.IsDelayed)
        {
            await outbox.KeepAsync(notification, publisher.EntityFor(notification), delivery.Reason!);
        }

        return delivery;
    }

    // The department goes to the place, so its notice says where that is. Read here rather than carried in the
    // orchestration's input: an escalation started before locations existed, or restarted by the watchdog from the
    // event row, sends the same notice.
    // A reporter's update goes back through the channel that captured the event, so it names that channel; read here
    // for the same reason, and so the phone never enters the orchestration's history.
    private async Task<Notification> WithEventDetailsAsync(Notification notification)
    {
        var forDepartment = !notification.ToReporter && notification.Kind == NotificationKinds.Dispatched && notification.Location is null;
        var forReporter = notification.ToReporter && notification.Channel is null;
        if (!forDepartment && !forReporter)
        {
            return notification;
        }

        var events = await tables.GetAsync(TableNames.Events);
        var found = await events.GetEntityIfExistsAsync<EventRow>(notification.EventId, EventRow.RowKeyValue);
        if (!found.HasValue || found.Value is not { } row)
        {
            return notification;
        }

        return forReporter
            ? notification with { Channel = row.Channel, ChannelReference = string.IsNullOrEmpty(row.ChannelReference) ? null : row.ChannelReference }
            : notification with { Location = LocationView.Of(row) };
    }
}
