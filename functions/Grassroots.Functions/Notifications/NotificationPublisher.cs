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

        var entity = EntityFor(notification);
        var sender = senders.GetOrAdd(entity, e => services.GetRequiredService<ServiceBusClient>().CreateSender(e));
        await sender.SendMessageAsync(ToMessage(notification), cancellationToken);
        return true;
    }

    /// <summary>
    /// Sends once, the client's own quick retries included, for at most <paramref name="timeout"/>. A notice the broker
    /// does not take comes back <see cref="NoticeDelivery.Delayed"/> with the reason instead of failing the caller:
    /// the caller keeps it in the outbox, and an escalation's clocks must not wait for a broker.
    /// </summary>
    public async Task<NoticeDelivery> DeliverAsync(Notification notification, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await PublishAsync(notification, limit.Token) ? NoticeDelivery.Sent : NoticeDelivery.NotConfigured;
        }
        catch (ServiceBusException ex)
        {
            // Missing entity, outage, busy namespace, oversized message: none of them may end an open escalation.
            return Delayed(notification, ex, ex.Reason + ": " + FirstLine(ex.Message));
        }
        catch (UnauthorizedAccessException ex)
        {
            return Delayed(notification, ex, "Unauthorized: " + FirstLine(ex.Message));
        }
        catch (OperationCanceledException ex) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Delayed(notification, ex, $"not sent within {timeout}");
        }
    }

    /// <summary>The queue or topic a notice goes to: a department's kinds to its queue, the rest to the reviewers' topic.</summary>
    public string EntityFor(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.ToReporter)
        {
            return options.Value.ReporterTopic;
        }

        return NotificationKinds.IsForDepartment(notification.Kind)
            ? notification.DepartmentQueue ?? throw new InvalidOperationException($"{notification.Kind} needs the department's queue.")
            : options.Value.ReviewerTopic;
    }

    private NoticeDelivery Delayed(Notification notification, Exception failure, string reason)
    {
        logger.LogWarning(failure, "Notice {MessageId} to {Entity} not sent: {Reason}", notification.MessageId, EntityFor(notification), reason);
        return NoticeDelivery.Delayed(reason);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    public static ServiceBusMessage ToMessage(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.ToReporter)
        {
            return ToReporterMessage(notification);
        }

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
            ["location"] = notification.Location,
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

    /// <summary>
    /// A resident's status message: what the channel's adapter needs to deliver it (channel, its reference, the event and
    /// where it stands), never the phone or the staff's names. Subscriptions filter on the <c>channel</c> property.
    /// </summary>
    private static ServiceBusMessage ToReporterMessage(Notification notification)
    {
        var body = new Dictionary<string, object?>
        {
            ["schemaVersion"] = Notification.ReporterSchemaVersion,
            ["kind"] = notification.Kind,
            ["eventId"] = notification.EventId,
            ["step"] = notification.Step,
            ["channel"] = notification.Channel,
            ["channelReference"] = notification.ChannelReference,
            ["category"] = notification.Category,
            ["tier"] = notification.Tier,
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
        message.ApplicationProperties["channel"] = notification.Channel ?? "";
        message.ApplicationProperties["tier"] = notification.Tier;
        message.ApplicationProperties["category"] = notification.Category;
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
