using Grassroots.Domain.FollowUps;

namespace Grassroots.Functions.Configuration;

/// <summary>回访 settings, under <c>Grassroots:FollowUp</c> (e.g. <c>Grassroots__FollowUp__Window=7.00:00:00</c>).</summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "Grassroots:FollowUp";

    /// <summary>
    /// How long after a close the resident may answer whether it was fixed; tests shorten it (e.g. 00:00:05). Fixed in
    /// an escalation when it starts, as the review rule is.
    /// </summary>
    public TimeSpan Window { get; set; } = FollowUpRules.DefaultWindow;

    public bool IsValid() => Window > TimeSpan.Zero && Window <= TimeSpan.FromDays(366);
}
