using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Intake;

/// <summary>
/// Maps one idempotency key (the Idempotency-Key header or the channel reference, scoped by the channel) to one event.
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
    /// <summary>Base64 of the event's random salt, from which (with the key itself) the reporter's token is derived again on a retry.</summary>
    public string TokenSalt { get; set; } = "";

    /// <summary>SHA-256 of the token: a retry hands the derived token back only when it matches (the platform key may have changed).</summary>
    public string TrackingTokenHash { get; set; } = "";
}
