using System.Globalization;

namespace Grassroots.Domain.Reporting;

/// <summary>
/// A period of whole local days in the city's time zone, both ends included. Figures are kept per node and local day, so a
/// period is a range of day rows: its length is capped, which bounds the work of any figures request.
/// </summary>
public sealed record ReportingPeriod(DateOnly From, DateOnly To)
{
    /// <summary>A leap year and a day: the longest period a figures request may ask for.</summary>
    public const int MaxDays = 366;

    /// <summary>
    /// The days any request may ask about. Figures exist only from the platform's start, and a bound well inside
    /// <see cref="DateOnly"/>'s range keeps month and day arithmetic from overflowing (9999-12 would).
    /// </summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(2099, 12, 31);

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// As <see cref="TryParse(string?, string?, out string?)"/>, but a request naming neither end asks for the month
    /// <paramref name="currentMonth"/>: what a dashboard opened without a period shows. Naming only one end is still a mistake.
    /// </summary>
    public static ReportingPeriod? TryParse(string? from, string? to, ScoringMonth currentMonth, out string? problem)
    {
        if (from is null && to is null)
        {
            problem = null;
            return Of(currentMonth);
        }

        return TryParse(from, to, out problem);
    }

    /// <returns>The period, or null with the reason when the text is not two dates in order at most <see cref="MaxDays"/> days apart.</returns>
    public static ReportingPeriod? TryParse(string? from, string? to, out string? problem)
    {
        if (!TryParseDate(from, out var start))
        {
            problem = $"from must be a date from {DayKey(Earliest)} to {DayKey(Latest)}, yyyy-MM-dd";
            return null;
        }

        if (!TryParseDate(to, out var end))
        {
            problem = $"to must be a date from {DayKey(Earliest)} to {DayKey(Latest)}, yyyy-MM-dd";
            return null;
        }

        if (end < start)
        {
            problem = "to must not be before from";
            return null;
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            problem = $"a period is at most {MaxDays} days";
            return null;
        }

        problem = null;
        return new ReportingPeriod(start, end);
    }

    /// <summary>Every day of a month.</summary>
    public static ReportingPeriod Of(ScoringMonth month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return new ReportingPeriod(first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The local calendar day of an instant in the city's zone: the day a figure is counted on.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= Earliest && date <= Latest;
}
