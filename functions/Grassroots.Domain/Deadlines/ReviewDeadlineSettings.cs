using System.Globalization;
using System.Text.Json.Serialization;

namespace Grassroots.Domain;

/// <summary>
/// How the "no review waits overnight" rule (研判不隔夜) is applied. A plain record of strings and time spans so it can
/// travel as orchestration input through JSON; the clock is never read here, arrival times are always given.
/// </summary>
/// <remarks>
/// Build it with named arguments (<c>new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(5))</c>) or an
/// object initializer; whatever is not given keeps its default. Check <see cref="Problems"/> before use: the policies
/// refuse settings that have any.
/// </remarks>
public sealed record ReviewDeadlineSettings
{
    /// <summary>The model city, Putian, is in China Standard Time (UTC+8, no daylight saving).</summary>
    public const string DefaultTimeZoneId = "Asia/Shanghai";

    /// <summary>The last second of the local day: "the same day" means before the day ends.</summary>
    public static readonly TimeSpan DefaultCutoff = new(23, 59, 59);

    /// <summary>An event arriving less than two hours before the cutoff gets until the next day's cutoff.</summary>
    public static readonly TimeSpan DefaultMinimumReviewWindow = TimeSpan.FromHours(2);

    /// <summary>Reviewers are reminded two hours before their deadline.</summary>
    public static readonly TimeSpan DefaultReminderLead = TimeSpan.FromHours(2);

    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    /// <summary>All defaults: Asia/Shanghai, cutoff 23:59:59, two-hour minimum window, two-hour reminder lead, day-based deadlines.</summary>
    [JsonConstructor]
    public ReviewDeadlineSettings()
    {
    }

    /// <summary>
    /// Named arguments as in a positional record (parameter names match the properties on purpose); a null time span
    /// keeps its default, which a constant default value could not express for TimeSpan.
    /// </summary>
    public ReviewDeadlineSettings(
        string TimeZoneId = DefaultTimeZoneId,
        TimeSpan? Cutoff = null,
        TimeSpan? MinimumReviewWindow = null,
        TimeSpan? ReminderLead = null,
        TimeSpan? FixedReviewDuration = null)
    {
        this.TimeZoneId = TimeZoneId;
        this.Cutoff = Cutoff ?? DefaultCutoff;
        this.MinimumReviewWindow = MinimumReviewWindow ?? DefaultMinimumReviewWindow;
        this.ReminderLead = ReminderLead ?? DefaultReminderLead;
        this.FixedReviewDuration = FixedReviewDuration;
    }

    /// <summary>The IANA (or Windows) id of the zone whose local day the rule counts in.</summary>
    public string TimeZoneId { get; init; } = DefaultTimeZoneId;

    /// <summary>Local time of day by which a review is due; in [00:00, 24:00).</summary>
    public TimeSpan Cutoff { get; init; } = DefaultCutoff;

    /// <summary>An event arriving later than cutoff minus this gets the next day's cutoff; in [0, 24 h).</summary>
    public TimeSpan MinimumReviewWindow { get; init; } = DefaultMinimumReviewWindow;

    /// <summary>How long before the deadline the reviewer is reminded; zero turns reminders off.</summary>
    public TimeSpan ReminderLead { get; init; } = DefaultReminderLead;

    /// <summary>
    /// When set, every deadline is simply arrival plus this span (days and cutoffs are ignored), so tests and simulations
    /// can run a whole escalation in seconds.
    /// </summary>
    public TimeSpan? FixedReviewDuration { get; init; }

    /// <summary>Whether deadlines are arrival plus <see cref="FixedReviewDuration"/> rather than day cutoffs.</summary>
    [JsonIgnore]
    public bool IsFixedDuration => FixedReviewDuration is not null;

    /// <summary>Everything wrong with these settings; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TimeZoneId))
        {
            problems.Add("TimeZoneId is empty; give an IANA id such as \"Asia/Shanghai\".");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out _))
        {
            problems.Add($"TimeZoneId '{TimeZoneId}' is not a known time zone.");
        }

        if (Cutoff < TimeSpan.Zero || Cutoff >= OneDay)
        {
            problems.Add($"Cutoff {Format(Cutoff)} is not a time of day: it must be in [00:00:00, 24:00:00).");
        }

        // A window of a day or more could not be honoured even by the next day's cutoff.
        if (MinimumReviewWindow < TimeSpan.Zero || MinimumReviewWindow >= OneDay)
        {
            problems.Add($"MinimumReviewWindow {Format(MinimumReviewWindow)} must be in [0, 24 h).");
        }

        if (ReminderLead < TimeSpan.Zero)
        {
            problems.Add($"ReminderLead {Format(ReminderLead)} is negative.");
        }

        if (FixedReviewDuration is { } fixedDuration && fixedDuration <= TimeSpan.Zero)
        {
            problems.Add($"FixedReviewDuration {Format(fixedDuration)} must be positive (or null for day-based deadlines).");
        }

        return problems;
    }

    /// <exception cref="ArgumentException">The settings have problems; the message lists them all.</exception>
    internal void ThrowIfInvalid(string parameterName)
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid review deadline settings: {string.Join(" ", problems)}", parameterName);
        }
    }

    private static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
