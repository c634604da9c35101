using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends one notification through <see cref="NoticeSender"/>: delayed into the outbox when the broker does not take it.
/// A step's own notices go with the step (RecordStep's notifying form); this sends those that follow no step of their own.
/// </summary>
public sealed class NotifyActivity(NoticeSender sender)
{
    public const string Name = "Notify";

    [Function(Name)]
    public Task<NoticeDelivery> Run([ActivityTrigger] Notification notification) => sender.SendAsync(notification);
}
