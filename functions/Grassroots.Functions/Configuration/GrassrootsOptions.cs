using System.ComponentModel.DataAnnotations;
using Grassroots.Domain;

namespace Grassroots.Functions.Configuration;

/// <summary>
/// The city-wide settings at the root of the <c>Grassroots</c> section (app settings <c>Grassroots__*</c>): where the
/// app's data lives, where reviewers' notices go, and the overnight review rule (研判不隔夜). Sub-sections belong to
/// their own classes.
/// </summary>
public sealed class GrassrootsOptions
{
    public const string SectionName = "Grassroots";

    /// <summary>Prefix for every table this app owns, so several environments (or test runs) can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$", ErrorMessage = "TablePrefix must be letters and digits, starting with a letter, at most 21 characters.")]
    public string TablePrefix { get; set; } = "";

    /// <summary>The Service Bus topic that carries reviewers' notifications (infra/servicebus-entities.json).</summary>
    [Required]
    public string ReviewerTopic { get; set; } = "review-notifications";

    /// <summary>The Service Bus topic that carries residents' status messages, one subscription per channel (infra/servicebus-entities.json).</summary>
    [Required]
    public string ReporterTopic { get; set; } = "reporter-updates";

    /// <summary>The city's time zone (IANA or Windows id): review days and reporting months follow it.</summary>
    public string TimeZone { get; set; } = ReviewDeadlineSettings.DefaultTimeZoneId;

    /// <summary>The end of a review day, local time.</summary>
    public TimeSpan ReviewCutoff { get; set; } = ReviewDeadlineSettings.DefaultCutoff;

    /// <summary>An event reaching a tier less than this before the cutoff is due at the next day's cutoff.</summary>
    public TimeSpan MinimumReviewWindow { get; set; } = ReviewDeadlineSettings.DefaultMinimumReviewWindow;

    /// <summary>How long before the deadline the reminder goes out; zero for none.</summary>
    public TimeSpan ReminderLead { get; set; } = ReviewDeadlineSettings.DefaultReminderLead;

    /// <summary>When set (e.g. 00:00:05), replaces the overnight rule with a fixed review time per tier: for tests and simulation.</summary>
    public TimeSpan? FixedReviewDuration { get; set; }

    /// <summary>The review rule as the orchestration carries it.</summary>
    public ReviewDeadlineSettings ReviewDeadlines() => new(
        TimeZoneId: TimeZone,
        Cutoff: ReviewCutoff,
        MinimumReviewWindow: MinimumReviewWindow,
        ReminderLead: ReminderLead,
        FixedReviewDuration: FixedReviewDuration);
}
