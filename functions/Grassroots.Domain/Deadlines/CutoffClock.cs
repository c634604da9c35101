namespace Grassroots.Domain;

/// <summary>
/// Turns instants into local days of one time zone and local days into the instant of that day's cutoff. Holds no
/// clock: every instant is given.
/// </summary>
internal sealed class CutoffClock
{
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _cutoff;

    public CutoffClock(string timeZoneId, TimeSpan cutoff)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        _cutoff = TimeOnly.FromTimeSpan(cutoff);
    }

    /// <summary>The local date at this instant.</summary>
    public DateOnly LocalDayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    /// <summary>The instant, in UTC, at which the local clock reads the cutoff on this day.</summary>
    public DateTimeOffset CutoffOn(DateOnly day)
    {
        var local = day.ToDateTime(_cutoff, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (_zone.IsInvalidTime(local))
        {
            // The clocks jump over this time (spring forward). As java.time and NodaTime's lenient resolver do, read it
            // with the offset in force before the jump, which moves it later by the length of the gap. Transitions are
            // months apart, so a day earlier is safely before this one.
            offset = _zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (_zone.IsAmbiguousTime(local))
        {
            // The clocks show this time twice (fall back): the deadline is the first time, the one with the larger offset.
            offset = _zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = _zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
