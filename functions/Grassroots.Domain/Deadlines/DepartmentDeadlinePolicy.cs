namespace Grassroots.Domain;

/// <summary>
/// Deadlines for a department handling a dispatched event: acknowledge under the overnight rule, like any review;
/// resolve by the cutoff of the N-th working day after the local day of dispatch (the article's case: settled within a week).
/// </summary>
public sealed class DepartmentDeadlinePolicy
{
    private readonly ReviewDeadlineSettings _settings;
    private readonly WorkingCalendar _calendar;
    private readonly ReviewDeadlinePolicy _acknowledge;
    private readonly CutoffClock _clock;

    /// <exception cref="ArgumentException">
    /// The settings have problems, or the calendar lists dates of another time zone than the settings count days in.
    /// </exception>
    public DepartmentDeadlinePolicy(ReviewDeadlineSettings settings, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(calendar);
        _acknowledge = new ReviewDeadlinePolicy(settings);

        // A holiday is a local date: read in another zone it would start and end hours off. Ids are compared as written,
        // which is enough for one configuration file naming one zone.
        if (calendar.TimeZoneId is { } calendarZone && !string.Equals(calendarZone, settings.TimeZoneId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The working calendar lists dates in {calendarZone}, but deadlines count days in {settings.TimeZoneId}.",
                nameof(calendar));
        }

        _settings = settings;
        _calendar = calendar;
        _clock = new CutoffClock(settings.TimeZoneId, settings.Cutoff);
    }

    /// <param name="dispatchedAt">When the event was dispatched to the department.</param>
    /// <param name="resolveWithinWorkingDays">The department's <see cref="Department.ResolveWithinWorkingDays"/>; at least 1.</param>
    public DepartmentDeadlines For(DateTimeOffset dispatchedAt, int resolveWithinWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolveWithinWorkingDays, 1);
        var acknowledgeBy = _acknowledge.For(dispatchedAt).DeadlineUtc;

        // Fixed mode stands for "one working day = one fixed duration" so a simulation runs in seconds.
        var resolveBy = _settings.FixedReviewDuration is { } duration
            ? dispatchedAt + (duration * resolveWithinWorkingDays)
            : _clock.CutoffOn(_calendar.AddWorkingDays(_clock.LocalDayOf(dispatchedAt), resolveWithinWorkingDays));
        return new DepartmentDeadlines(acknowledgeBy, resolveBy.ToUniversalTime());
    }
}
