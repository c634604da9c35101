using System.Globalization;

namespace Grassroots.Domain.Tests;

internal static class Time
{
    /// <summary>An instant written with its offset, e.g. "2026-03-13T22:30:00+08:00".</summary>
    public static DateTimeOffset At(string isoWithOffset) =>
        DateTimeOffset.Parse(isoWithOffset, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
