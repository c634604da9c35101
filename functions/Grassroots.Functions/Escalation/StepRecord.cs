namespace Grassroots.Functions.Escalation;

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
    EventChange? Change);

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
    public string? Outcome { get; init; }
    public string? Resolution { get; init; }
    public string? ResolvedTier { get; init; }
    public string? ResolvedByPersonId { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? DuplicateOfEventId { get; init; }
    public string? DispatchesJson { get; init; }
}

/// <summary>A missed deadline charged to the person who answers for it.</summary>
public sealed record BreachRecord(
    string EventId,
    int Sequence,
    string Kind,
    string Tier,
    string NodeId,
    string PersonId,
    string PersonName,
    DateTimeOffset DeadlineUtc,
    DateTimeOffset DetectedAt);

public static class BreachKinds
{
    public const string Review = "review";
    public const string DepartmentAcknowledge = "department-acknowledge";
    public const string DepartmentResolve = "department-resolve";
}

/// <summary>What the orchestration tells the tier's custom status readers (tier, node, stage, deadline).</summary>
public sealed record EscalationStatus(string Tier, string NodeId, string Stage, DateTimeOffset? DeadlineUtc, bool Overdue);

/// <summary>How the escalation ended.</summary>
public sealed record EscalationOutcome(string Status, string Outcome, string ResolvedTier, string ResolvedByPersonId);
