using static Grassroots.Domain.Tests.Time;

namespace Grassroots.Domain.Tests;

public class DepartmentDeadlinePolicyTests
{
    private static readonly WorkingCalendar China = WorkingCalendar.Parse(ConfigFiles.Calendar);
    private static readonly DepartmentDeadlinePolicy Putian = new(new ReviewDeadlineSettings(), China);

    [Fact]
    public void A_department_acknowledges_under_the_overnight_rule_and_resolves_by_the_nth_working_days_cutoff()
    {
        var deadlines = Putian.For(At("2026-03-13T10:00:00+08:00"), 5); // a Friday

        Assert.Equal(At("2026-03-13T23:59:59+08:00"), deadlines.AcknowledgeByUtc);
        Assert.Equal(At("2026-03-20T23:59:59+08:00"), deadlines.ResolveByUtc);
        Assert.Equal(TimeSpan.Zero, deadlines.ResolveByUtc.Offset);
    }

    [Fact]
    public void A_late_dispatch_is_acknowledged_next_day_but_working_days_count_from_the_dispatch_day()
    {
        var deadlines = Putian.For(At("2026-03-12T22:30:00+08:00"), 1); // a Thursday evening

        Assert.Equal(At("2026-03-13T23:59:59+08:00"), deadlines.AcknowledgeByUtc);
        Assert.Equal(At("2026-03-13T23:59:59+08:00"), deadlines.ResolveByUtc);
    }

    [Fact]
    public void The_dispatch_day_is_the_local_day_not_the_utc_day()
    {
        // 07:00 on Friday in Putian is still Thursday in UTC: one working day later is Monday, not Friday.
        var deadlines = Putian.For(At("2026-03-12T23:00:00Z"), 1);

        Assert.Equal(At("2026-03-16T23:59:59+08:00"), deadlines.ResolveByUtc);
    }

    [Fact]
    public void The_resolve_period_runs_over_the_national_day_week_and_its_make_up_saturday()
    {
        var deadlines = Putian.For(At("2026-09-30T10:00:00+08:00"), 5); // Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13

        Assert.Equal(At("2026-10-13T23:59:59+08:00"), deadlines.ResolveByUtc);
    }

    [Fact]
    public void The_resolve_period_counts_a_make_up_saturday_before_the_spring_festival()
    {
        var deadlines = Putian.For(At("2026-02-13T10:00:00+08:00"), 5); // Sat 14 (make-up), Tue 24, Wed 25, Thu 26, Fri 27

        Assert.Equal(At("2026-02-27T23:59:59+08:00"), deadlines.ResolveByUtc);
    }

    [Fact]
    public void In_fixed_mode_each_working_day_is_one_fixed_duration()
    {
        var policy = new DepartmentDeadlinePolicy(new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(5)), China);

        var deadlines = policy.For(At("2026-10-01T10:00:00+08:00"), 5);

        Assert.Equal(At("2026-10-01T02:00:05Z"), deadlines.AcknowledgeByUtc);
        Assert.Equal(At("2026-10-01T02:00:25Z"), deadlines.ResolveByUtc);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_resolve_period_under_one_working_day_is_an_error(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Putian.For(At("2026-03-13T10:00:00+08:00"), days));

    [Fact]
    public void A_calendar_of_another_time_zone_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DepartmentDeadlinePolicy(new ReviewDeadlineSettings("UTC"), China));

        Assert.Equal("calendar", ex.ParamName);
    }

    [Fact]
    public void A_calendar_without_a_time_zone_fits_any_settings()
    {
        var policy = new DepartmentDeadlinePolicy(new ReviewDeadlineSettings("UTC"), WorkingCalendar.MondayToFriday);

        Assert.Equal(At("2026-10-02T23:59:59Z"), policy.For(At("2026-10-01T10:00:00Z"), 1).ResolveByUtc);
    }
}
