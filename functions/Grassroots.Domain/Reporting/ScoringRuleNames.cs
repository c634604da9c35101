namespace Grassroots.Domain.Reporting;

/// <summary>The rules that earn or cost a unit head points (积分); their values come from configuration.</summary>
public static class ScoringRuleNames
{
    /// <summary>采集: an event was captured at the unit head's unit.</summary>
    public const string Capture = "capture";
    /// <summary>
    /// 办结 at the unit with the problem fixed: the unit head closed the event without passing it up. Paid when its
    /// follow-up (回访) ends without a reopen (an answer "fixed", or no reply by the end of the window).
    /// </summary>
    public const string ResolveAtOwnTier = "resolve-at-own-tier";
    /// <summary>Closed at the unit without a fix (no action needed, a duplicate, not ours): paid like a fix, when the follow-up ends without a reopen.</summary>
    public const string CloseWithoutFix = "close-without-fix";
    /// <summary>重新办理: the follow-up said an event the unit head closed was not fixed; counted per reopen.</summary>
    public const string Reopened = "reopened";
    /// <summary>The unit head reviewed (resolved, escalated) before the deadline: 研判不隔夜 kept.</summary>
    public const string ReviewBeforeDeadline = "review-before-deadline";
    /// <summary>A missed deadline charged to the unit head.</summary>
    public const string Breach = "breach";

    public static IReadOnlyList<string> All { get; } = [Capture, ResolveAtOwnTier, CloseWithoutFix, ReviewBeforeDeadline, Breach, Reopened];
}
