using System.Globalization;

namespace Grassroots.Domain.Reporting;

/// <summary>A calendar month in the city's time zone (积分 are scored and ranked monthly), written yyyy-MM.</summary>
public readonly record struct ScoringMonth(int Year, int Month)
{
    public static ScoringMonth Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new ScoringMonth(local.Year, local.Month);
    }

    /// <summary>The months a request may ask about: those of <see cref="ReportingPeriod.Earliest"/> to <see cref="ReportingPeriod.Latest"/>.</summary>
    public static string Range => string.Create(CultureInfo.InvariantCulture, $"{ReportingPeriod.Earliest:yyyy-MM} to {ReportingPeriod.Latest:yyyy-MM}");

    public static bool TryParse(string? text, out ScoringMonth month)
    {
        if (text is { Length: 7 } && DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && parsed.Year >= ReportingPeriod.Earliest.Year && parsed.Year <= ReportingPeriod.Latest.Year)
        {
            month = new ScoringMonth(parsed.Year, parsed.Month);
            return true;
        }

        month = default;
        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
