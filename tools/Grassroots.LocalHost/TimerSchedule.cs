using System.Globalization;
using Microsoft.Extensions.Configuration;
using NCrontab;

namespace Grassroots.LocalHost;

/// <summary>
/// When a timerTrigger fires, read from the metadata's <c>schedule</c> as the Functions host reads it: an NCRONTAB
/// expression with seconds (six fields) or without (five), or a constant <c>hh:mm:ss</c> period; <c>%name%</c> is
/// taken from the app settings. Times are UTC, the host's default without WEBSITE_TIME_ZONE.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? cron;
    private readonly TimeSpan? period;

    private TimerSchedule(string text, CrontabSchedule? cron, TimeSpan? period)
    {
        Text = text;
        this.cron = cron;
        this.period = period;
    }

    public string Text { get; }

    public static TimerSchedule Parse(string schedule, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        var text = schedule.Trim();
        if (text.Length > 2 && text[0] == '%' && text[^1] == '%')
        {
            var name = text[1..^1];
            text = configuration[name] ?? throw new InvalidOperationException($"The timer schedule '{schedule}' names the setting '{name}', which is not set.");
        }

        if (!text.Contains(' ', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var constant))
        {
            return Every(constant);
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CrontabSchedule.Parse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return new TimerSchedule(text, cron, null);
    }

    /// <summary>A constant period, as <c>LocalHost:TimerPeriod</c> asks for in tests.</summary>
    public static TimerSchedule Every(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return new TimerSchedule(period.ToString("c", CultureInfo.InvariantCulture), null, period);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTime NextAfter(DateTime after) => period is { } constant ? after + constant : cron!.GetNextOccurrence(after);
}
