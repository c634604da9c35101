using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Events;

/// <summary>
/// The event's current state: one row per event in the Events table, PartitionKey = event id, RowKey = "event".
/// Its timeline rows share the partition, so the status read is one single-partition query.
/// </summary>
public sealed class EventRow : ITableEntity
{
    public const string RowKeyValue = "event";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = RowKeyValue;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Category { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string UnitId { get; set; } = "";
    public string? ReporterName { get; set; }
    public string? ReporterPhone { get; set; }
    public string Channel { get; set; } = "";
    public string? ChannelReference { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string AttachmentsJson { get; set; } = "[]";
    public DateTimeOffset CapturedAt { get; set; }

    /// <summary>Where the problem is, when the channel said (degrees, WGS 84); both or neither.</summary>
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Address { get; set; }

    /// <summary>Node ids from the unit up to the city: who may see the event.</summary>
    public string ChainJson { get; set; } = "[]";

    /// <summary>
    /// A move an import ordered (转办) that the escalation has not applied yet, as JSON (<see cref="PendingTransfer"/>);
    /// empty when none. The import writes it before it tells the orchestration, so a lost signal only delays the move.
    /// </summary>
    public string PendingTransferJson { get; set; } = "";

    /// <summary>
    /// Dispatches an import moved off removed departments (<see cref="PendingDispatchMove"/> list, JSON), written before the
    /// directory changes and before the escalation is told; the escalation applies those of its dispatch round once the
    /// department is gone from the directory. Entries of an earlier round are dropped by the next import that writes here.
    /// </summary>
    public string PendingDispatchMovesJson { get; set; } = "[]";

    public string Status { get; set; } = EventStatus.Open;
    public string Stage { get; set; } = EventStage.AwaitingStart;
    public string CurrentTier { get; set; } = "";
    public string CurrentNodeId { get; set; } = "";
    public string? ResponsiblePersonId { get; set; }
    public string? ResponsiblePersonName { get; set; }
    public DateTimeOffset? DeadlineUtc { get; set; }
    public bool Overdue { get; set; }

    /// <summary>
    /// The round of the decision the event waits for: raised at every arrival at a tier (each city day too) and at every
    /// dispatch. A review or department report names the round it answers and acts in no other.
    /// </summary>
    public int Round { get; set; }

    public string? Outcome { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedTier { get; set; }
    public string? ResolvedByPersonId { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? DuplicateOfEventId { get; set; }
    public string DuplicatesJson { get; set; } = "[]";
    public string DispatchesJson { get; set; } = "[]";

    /// <summary>回访: until when the resident may answer whether it was fixed; null before the first close is followed up.</summary>
    public DateTimeOffset? FollowUpEndsUtc { get; set; }

    /// <summary><c>open</c>, <c>answered</c> or <c>no-reply</c> (FollowUpStates); null when no follow-up was ever opened.</summary>
    public string? FollowUpState { get; set; }

    public bool? FollowUpFixed { get; set; }
    public int? FollowUpSatisfaction { get; set; }

    /// <summary>How often "not fixed" reopened the event (重新办理).</summary>
    public int ReopenCount { get; set; }

    /// <summary>When a request claimed starting the orchestration; another request takes over only after the claim times out.</summary>
    public DateTimeOffset? StartClaimedAt { get; set; }

    public string TrackingTokenHash { get; set; } = "";
    public string IdempotencyKeyHash { get; set; } = "";
}

public static class EventStatus
{
    public const string Open = "open";
    /// <summary>Closed with the problem fixed.</summary>
    public const string Resolved = "resolved";
    /// <summary>Closed without a fix: no action needed, a duplicate, or not ours.</summary>
    public const string Closed = "closed";
}

public static class EventStage
{
    /// <summary>Stored, but the escalation has not started yet (a later request with the same key starts it).</summary>
    public const string AwaitingStart = "awaiting-start";
    public const string AwaitingReview = "awaiting-review";
    public const string Dispatched = "dispatched";
    /// <summary>Closed, and the resident is asked whether it was fixed (回访) until <see cref="EventRow.FollowUpEndsUtc"/>.</summary>
    public const string FollowUp = "follow-up";
    public const string Done = "done";
}
