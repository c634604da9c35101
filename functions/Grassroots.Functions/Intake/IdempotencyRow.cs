using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Intake;

/// <summary>
/// Maps one idempotency key (the Idempotency-Key header, or channel + channel reference) to one event.
/// PartitionKey = SHA-256 of the key, RowKey = "". Written first, with the event id the event will get,
/// so racing requests with one key all converge on the same event.
/// </summary>
public sealed class IdempotencyRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    /// <summary>SHA-256 of the normalised report: the same key with another body is refused.</summary>
    public string Fingerprint { get; set; } = "";
    public DateTimeOffset CapturedAt { get; set; }
    /// <summary>Handed back to whoever holds the key and the same body, so a retried capture gets the reporter's token again.</summary>
    public string TrackingToken { get; set; } = "";
}
