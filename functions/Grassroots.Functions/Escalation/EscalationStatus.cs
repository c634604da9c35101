namespace Grassroots.Functions.Escalation;

/// <summary>What the orchestration tells the tier's custom status readers (tier, node, stage, deadline).</summary>
public sealed record EscalationStatus(string Tier, string NodeId, string Stage, DateTimeOffset? DeadlineUtc, bool Overdue, int Round);

/// <summary>How the escalation ended.</summary>
public sealed record EscalationOutcome(string Status, string Outcome, string ResolvedTier, string ResolvedByPersonId);
