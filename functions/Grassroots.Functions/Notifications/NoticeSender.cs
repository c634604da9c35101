using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends one notification; one the broker does not take goes to the outbox and comes back delayed, so a missing queue
/// or an outage never fails the escalation. The timeline row for it is written by the orchestration either way.
/// </summary>
public sealed class NoticeSender(NotificationPublisher publisher, NotificationOutbox outbox, GrassrootsTables tables, IOptions<OutboxOptions> options)
{
    /// <param name="row">The event row, when the caller has just read it; read here when the notice needs it and it is not given.</param>
    public async Task<NoticeDelivery> SendAsync(Notification notification, EventRow? row = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        notification = await WithEventDetailsAsync(notification, row);
        var delivery = await publisher.DeliverAsync(notification, options.Value.SendTimeout);
        if (delivery.IsDelayed)
        {
            await outbox.KeepAsync(notification, publisher.EntityFor(notification), delivery.Reason!);
        }

        return delivery;
    }

    // The department goes to the place, so its notice says where that is. Read from the event row rather than carried in
    // the orchestration's input: an escalation started before locations existed, or restarted by the watchdog from the
    // event row, sends the same notice.
    // A reporter's update goes back through the channel that captured the event, so it names that channel; read from the
    // row for the same reason, and so the phone never enters the orchestration's history.
    private async Task<Notification> WithEventDetailsAsync(Notification notification, EventRow? row)
    {
        var forDepartment = !notification.ToReporter && notification.Kind == NotificationKinds.Dispatched && notification.Location is null;
        var forReporter = notification.ToReporter && notification.Channel is null;
        if (!forDepartment && !forReporter)
        {
            return notification;
        }

        if (row is null)
        {
            var events = await tables.GetAsync(TableNames.Events);
            var found = await events.GetEntityIfExistsAsync<EventRow>(notification.EventId, EventRow.RowKeyValue);
            if (!found.HasValue || found.Value is not { } stored)
            {
                return notification;
            }

            row = stored;
        }

        return forReporter
            ? notification with { Channel = row.Channel, ChannelReference = string.IsNullOrEmpty(row.ChannelReference) ? null : row.ChannelReference }
            : notification with { Location = LocationView.Of(row) };
    }
}
