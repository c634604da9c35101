namespace Grassroots.Domain.Reporting;

/// <summary>The rules that earn or cost a unit head points (积分); their values come from configuration.</summary>
public static class ScoringRuleNames
{
    /// <summary>采集: an event was captured at the unit head's unit.</summary>
    public const string Capture = "capture";
    /// <summary>办结 at the unit: the unit head closed the event without passing it up.</summary>
    public const string ResolveAtOwnTier = "resolve-at-own-tier";
    /// <summary>The unit head reviewed (resolved, escalated) before the deadline: 研判不隔夜 kept.</summary>
    public const string ReviewBeforeDeadline = "review-before-deadline";
    /// <summary>A missed deadline charged to the unit head.</summary>
    public const string Breach = "breach";

    public static IReadOnlyList<string> All { get; } = [Capture, ResolveAtOwnTier, ReviewBeforeDeadline, Breach];
}
