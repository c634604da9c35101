using System.Globalization;

namespace Grassroots.Domain.Reporting;

/// <summary>
/// Row keys that sort newest first: Table Storage returns a partition in ascending row-key order, so the time is
/// inverted (max ticks minus ticks, fixed width) and the event id breaks ties.
/// </summary>
public static class NewestFirstKey
{
    public static string For(DateTimeOffset at, string eventId) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "~" + eventId;
}
