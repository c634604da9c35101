namespace Grassroots.Functions.Events;

/// <summary>
/// One step of the trace, and what it changes on the event row. Sequence numbers come from the orchestration,
/// so a replay or retry writes the same row again instead of a new one.
/// </summary>
public sealed record StepRecord(
    string EventId,
    int Sequence,
    DateTimeOffset At,
    string Kind,
    string? Tier,
    string? NodeId,
    string? ActorId,
    string? ActorName,
    string? Note,
    DateTimeOffset? DeadlineUtc,
    EventChange? Change)
{
    /// <summary>The accepted review or report the step records, if any: two requests with the same words stay two.</summary>
    public string? SubmissionId { get; init; }
}

/// <summary>Fields of the event row a step sets; null means "leave as is".</summary>
public sealed record EventChange
{
    public string? Status { get; init; }
    public string? Stage { get; init; }
    public string? CurrentTier { get; init; }
    public string? CurrentNodeId { get; init; }
    public string? ResponsiblePersonId { get; init; }
    public string? ResponsiblePersonName { get; init; }
    public DateTimeOffset? DeadlineUtc { get; init; }
    public bool? Overdue { get; init; }
    public int? Round { get; init; }
    public string? Outcome { get; init; }
    public string? Resolution { get; init; }
    public string? ResolvedTier { get; init; }
    public string? ResolvedByPersonId { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? DuplicateOfEventId { get; init; }
    public string? DispatchesJson { get; init; }
    public string? ChainJson { get; init; }
    public DateTimeOffset? FollowUpEndsUtc { get; init; }
    public string? FollowUpState { get; init; }
    public bool? FollowUpFixed { get; init; }
    public int? FollowUpSatisfaction { get; init; }
    public int? ReopenCount { get; init; }
    /// <summary>Empty clears a pending transfer once the escalation applied it.</summary>
    public string? PendingTransferJson { get; init; }
}
