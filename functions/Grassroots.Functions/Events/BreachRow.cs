using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Events;

/// <summary>
/// A missed deadline (哪个环节没解决,对应到人). Breaches table, PartitionKey = the person charged, RowKey = event id + step,
/// so a person's breaches are one partition and a retried charge writes the same row.
/// </summary>
public sealed class BreachRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Tier { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string PersonId { get; set; } = "";
    public string PersonName { get; set; } = "";
    public DateTimeOffset DeadlineUtc { get; set; }
    public DateTimeOffset DetectedAt { get; set; }

    public static string KeyFor(string eventId, int sequence) =>
        eventId + "-" + sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
