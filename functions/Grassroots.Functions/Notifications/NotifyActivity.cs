using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Notifications;

/// <summary>Sends one notification; the timeline row for it is written by the orchestration either way.</summary>
public sealed class NotifyActivity(NotificationPublisher publisher)
{
    public const string Name = "Notify";

    [Function(Name)]
    public Task<bool> Run([ActivityTrigger] Notification notification) => publisher.PublishAsync(notification);
}
