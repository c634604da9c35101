using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// One decision an event waits for from one node or one department: Inbox table, PartitionKey = <c>n~{nodeId}</c> or
/// <c>d~{departmentId}</c>, RowKey = deadline ticks + event id, so a partition reads soonest deadline first. Only what
/// waits now is listed: a node's or department's inbox holds its open work, not its history.
/// </summary>
public sealed class InboxRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Category { get; set; } = "";
    public string UnitId { get; set; } = "";
    public DateTimeOffset CapturedAt { get; set; }
    public string Tier { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int Round { get; set; }

    /// <summary><c>review</c> (a tier's review), <c>acknowledge</c> or <c>resolve</c> (a department's part of a dispatch).</summary>
    public string Action { get; set; } = "";
    public string? DepartmentId { get; set; }
    public DateTimeOffset DeadlineUtc { get; set; }

    /// <summary>The event already missed a deadline on its way here.</summary>
    public bool Overdue { get; set; }

    public static string NodePartition(string nodeId) => "n~" + nodeId;

    public static string DepartmentPartition(string departmentId) => "d~" + departmentId;

    public static string KeyFor(DateTimeOffset deadline, string eventId) =>
        deadline.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "~" + eventId;
}

/// <summary>
/// Which inbox rows an event has now: Inbox table, PartitionKey = <c>e~{eventId}</c>, RowKey <c>at</c>. Lets the
/// projection remove the rows a step made stale without knowing the step before it. Always a superset of the rows
/// that exist: it is widened before rows are written and narrowed only after the stale ones are deleted.
/// </summary>
public sealed class InboxPointerRow : ITableEntity
{
    public const string RowKeyValue = "at";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = RowKeyValue;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>JSON array of [partition, row key] pairs.</summary>
    public string KeysJson { get; set; } = "[]";

    public static string PartitionFor(string eventId) => "e~" + eventId;
}

/// <summary>What an inbox row asks for.</summary>
public static class InboxActions
{
    public const string Review = "review";
    public const string Acknowledge = "acknowledge";
    public const string Resolve = "resolve";
}
