namespace Grassroots.Domain;

/// <summary>
/// No review waits overnight (每一级研判调阅不隔夜): a tier must review an event by the cutoff of the local day on which
/// the event reached it. An event arriving too late to leave the minimum review window gets the next day's cutoff.
/// </summary>
public sealed class ReviewDeadlinePolicy
{
    private readonly ReviewDeadlineSettings _settings;
    private readonly CutoffClock _clock;

    /// <exception cref="ArgumentException">The settings have problems (<see cref="ReviewDeadlineSettings.Problems"/>).</exception>
    public ReviewDeadlinePolicy(ReviewDeadlineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfInvalid(nameof(settings));
        _settings = settings;
        _clock = new CutoffClock(settings.TimeZoneId, settings.Cutoff);
    }

    /// <summary>The review deadline and reminder for an event that reached a tier at <paramref name="arrivedAt"/>.</summary>
    public ReviewDeadline For(DateTimeOffset arrivedAt)
    {
        var deadline = _settings.FixedReviewDuration is { } duration
            ? arrivedAt + duration
            : CutoffLeavingWindow(arrivedAt);
        return new ReviewDeadline(deadline.ToUniversalTime(), ReminderFor(arrivedAt, deadline));
    }

    /// <summary>The first local day's cutoff, from the arrival day on, that is at least the minimum window away.</summary>
    private DateTimeOffset CutoffLeavingWindow(DateTimeOffset arrivedAt)
    {
        // Normally this is the arrival day's cutoff, or the next day's when the event arrived later than cutoff minus
        // window. Looping instead of adding one day keeps the window also across a short daylight-saving day.
        var day = _clock.LocalDayOf(arrivedAt);
        var deadline = _clock.CutoffOn(day);
        while (deadline - arrivedAt < _settings.MinimumReviewWindow)
        {
            day = day.AddDays(1);
            deadline = _clock.CutoffOn(day);
        }

        return deadline;
    }

    private DateTimeOffset? ReminderFor(DateTimeOffset arrivedAt, DateTimeOffset deadline)
    {
        if (_settings.ReminderLead == TimeSpan.Zero)
        {
            return null;
        }

        // A reminder at or before the arrival would be sent together with the event itself: pointless.
        var reminder = deadline - _settings.ReminderLead;
        return reminder > arrivedAt ? reminder.ToUniversalTime() : null;
    }
}
