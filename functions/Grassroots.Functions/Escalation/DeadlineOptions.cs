using Grassroots.Domain;

namespace Grassroots.Functions.Escalation;

/// <summary>The overnight review policy, from settings under <c>Grassroots</c> (e.g. <c>Grassroots__TimeZone</c>).</summary>
public sealed class DeadlineOptions
{
    public const string SectionName = Configuration.GrassrootsOptions.SectionName;

    public string TimeZone { get; set; } = "Asia/Shanghai";
    public TimeSpan ReviewCutoff { get; set; } = new(23, 59, 59);
    public TimeSpan MinimumReviewWindow { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromHours(2);

    /// <summary>When set (e.g. 00:00:05), replaces the overnight rule with a fixed review time per tier: for tests and simulation.</summary>
    public TimeSpan? FixedReviewDuration { get; set; }

    public ReviewDeadlineSettings ToSettings() => new(TimeZone, ReviewCutoff, MinimumReviewWindow, ReminderLead, FixedReviewDuration);
}
