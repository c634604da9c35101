using Grassroots.Functions.Notifications;
using Grassroots.LocalHost;
using Microsoft.Extensions.Configuration;

namespace Grassroots.Functions.Tests.LocalHost;

/// <summary>The local host reads a timer's schedule from functions.metadata the way the Functions host does (NCRONTAB).</summary>
public sealed class TimerScheduleTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();
    private static readonly DateTime At = new(2026, 11, 27, 10, 0, 30, DateTimeKind.Utc);

    [Fact]
    public void A_six_field_schedule_counts_seconds()
    {
        var schedule = TimerSchedule.Parse("*/20 * * * * *", NoSettings);

        Assert.Equal(At.AddSeconds(10), schedule.NextAfter(At));
    }

    [Fact]
    public void A_five_field_schedule_starts_at_minutes()
    {
        var schedule = TimerSchedule.Parse("*/5 * * * *", NoSettings);

        Assert.Equal(new DateTime(2026, 11, 27, 10, 5, 0, DateTimeKind.Utc), schedule.NextAfter(At));
    }

    [Fact]
    public void A_constant_period_in_hh_mm_ss_repeats_from_the_last_run() =>
        Assert.Equal(At.AddSeconds(90), TimerSchedule.Parse("00:01:30", NoSettings).NextAfter(At));

    [Fact]
    public void A_percent_name_is_read_from_the_app_settings()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DrainSchedule"] = "0 0 * * * *" }).Build();

        Assert.Equal(new DateTime(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc), TimerSchedule.Parse("%DrainSchedule%", settings).NextAfter(At));
        Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("%Missing%", NoSettings));
    }

    [Fact]
    public void The_outbox_drain_is_a_timer_function_that_runs_every_minute()
    {
        var drain = Assert.Single(FunctionMetadata.Load(AppBuild.OutputDirectory), f => f.Name == OutboxDrainFunction.Name);

        Assert.Equal(TimerFunctions.TimerTrigger, drain.Trigger!.Type);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 1, 0, DateTimeKind.Utc), TimerSchedule.Parse(drain.Trigger.Schedule!, NoSettings).NextAfter(At));
    }
}
