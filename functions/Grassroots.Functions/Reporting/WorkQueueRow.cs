using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// One event in one node's work queue. WorkQueue table, PartitionKey = node id + "~" + queue status (open, overdue,
/// resolved), RowKey = newest-first capture time + event id: a node's queue is one partition, read page by page in order.
/// An event has a row under every node of its chain, so a town lists its communities' and units' events without a scan.
/// </summary>
public sealed class WorkQueueRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Category { get; set; } = "";
    public string Title { get; set; } = "";
    public string UnitId { get; set; } = "";
    public DateTimeOffset CapturedAt { get; set; }
    public string Status { get; set; } = "";
    public string? Outcome { get; set; }
    public string? ResolvedTier { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public static string PartitionFor(string nodeId, string queueStatus) => nodeId + "~" + queueStatus;
}
