using Grassroots.Functions.Events;

namespace Grassroots.Functions.Escalation;

/// <summary>A step the orchestration means to record, before it is numbered: what <see cref="EscalationActivities.RecordTogetherAsync"/> takes.</summary>
/// <param name="Round">The round its notices answer, when not the escalation's current one (a close recorded with the follow-up that opens the next).</param>
public sealed record StepDraft(
    string Kind,
    ChainLink? Link,
    string? ActorId,
    string? ActorName,
    string? Note,
    DateTimeOffset? DeadlineUtc = null,
    EventChange? Change = null,
    string? SubmissionId = null,
    IReadOnlyList<StepNotice>? Notices = null,
    int? Round = null);
