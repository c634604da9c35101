using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Events;

/// <summary>Resolves a reporter's tracking token to its event. PartitionKey = SHA-256 of the token, RowKey = "": the token itself is never stored here.</summary>
public sealed class TrackingTokenRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
}
