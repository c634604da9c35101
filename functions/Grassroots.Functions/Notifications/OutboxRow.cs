using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// A notice that could not be sent when the orchestration asked. NotificationOutbox table, PartitionKey
/// <see cref="NotificationOutbox.Partition"/>, RowKey = the notice's deterministic MessageId, so a retried activity
/// keeps the same row and the drain's send is dropped by duplicate detection if an earlier one got through.
/// </summary>
public sealed class OutboxRow : ITableEntity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>The queue or topic it goes to.</summary>
    public string Entity { get; set; } = "";
    /// <summary>The notification as the orchestration asked for it, JSON.</summary>
    public string Notice { get; set; } = "";
    public DateTimeOffset KeptAt { get; set; }
    public int Attempts { get; set; }
    public string LastFailure { get; set; } = "";
    public DateTimeOffset LastAttemptAt { get; set; }

    public static string Serialize(Notification notification) => JsonSerializer.Serialize(notification, Json);

    public Notification ToNotification() =>
        JsonSerializer.Deserialize<Notification>(Notice, Json) ?? throw new InvalidDataException($"Outbox row {RowKey} holds no notice.");
}
