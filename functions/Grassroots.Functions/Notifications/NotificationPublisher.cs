using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Sends notifications over Service Bus: reviewers' kinds to the reviewers' topic (subscriptions filter on tier),
/// department kinds to the department's queue. Without a configured broker the timeline row is the notification.
/// </summary>
public sealed class NotificationPublisher(
    IServiceProvider services,
    ServiceBusAvailability availability,
    IOptions<GrassrootsOptions> options,
    ILogger<NotificationPublisher> logger) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new();

    /// <returns>False when no broker is configured and nothing was sent.</returns>
    public async Task<bool> PublishAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!availability.IsConfigured)
        {
            logger.LogDebug("No Service Bus configured; {Kind} for {EventId} is kept on the timeline only", notification.Kind, notification.EventId);
            return false;
        }

        var entity = NotificationKinds.IsForDepartment(notification.Kind)
            ? notification.DepartmentQueue ?? throw new InvalidOperationException($"{notification.Kind} needs the department's queue.")
            : options.Value.ReviewerTopic;
        var sender = senders.GetOrAdd(entity, e => services.GetRequiredService<ServiceBusClient>().CreateSender(e));
        await sender.SendMessageAsync(ToMessage(notification), cancellationToken);
        return true;
    }

    public static ServiceBusMessage ToMessage(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = new Dictionary<string, object?>
        {
            ["schemaVersion"] = Notification.SchemaVersion,
            ["kind"] = notification.Kind,
            ["eventId"] = notification.EventId,
            ["step"] = notification.Step,
            ["round"] = notification.Round,
            ["category"] = notification.Category,
            ["tier"] = notification.Tier,
            ["nodeId"] = notification.NodeId,
            ["personId"] = notification.PersonId,
            ["personName"] = notification.PersonName,
            ["notificationTarget"] = notification.NotificationTarget,
            ["departmentId"] = notification.DepartmentId,
            ["deadlineUtc"] = notification.DeadlineUtc,
            ["at"] = notification.At,
            ["note"] = notification.Note,
        };
        var message = new ServiceBusMessage(JsonSerializer.SerializeToUtf8Bytes(body.Where(p => p.Value is not null).ToDictionary(), Json))
        {
            MessageId = notification.MessageId,
            Subject = notification.Kind,
            CorrelationId = notification.EventId,
            ContentType = "application/json",
        };
        message.ApplicationProperties["tier"] = notification.Tier;
        message.ApplicationProperties["nodeId"] = notification.NodeId;
        message.ApplicationProperties["category"] = notification.Category;
        if (notification.DepartmentId is not null)
        {
            message.ApplicationProperties["departmentId"] = notification.DepartmentId;
        }

        if (notification.DeadlineUtc is { } deadline)
        {
            message.ApplicationProperties["deadlineUtc"] = deadline.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return message;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in senders.Values)
        {
            await sender.DisposeAsync();
        }
    }
}
