using Grassroots.Domain.Reporting;

namespace Grassroots.Domain.Tests.Reporting;

public sealed class ReportingPeriodTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void A_period_includes_both_days()
    {
        var period = ReportingPeriod.TryParse("2026-11-01", "2026-11-30", out var problem);
        Assert.Null(problem);
        Assert.Equal(30, period!.Days);
    }

    [Fact]
    public void One_day_is_a_period() => Assert.Equal(1, ReportingPeriod.TryParse("2026-11-01", "2026-11-01", out _)!.Days);

    [Fact]
    public void A_leap_year_and_a_day_is_the_longest_period()
    {
        Assert.NotNull(ReportingPeriod.TryParse("2028-01-01", "2028-12-31", out _));
        Assert.NotNull(ReportingPeriod.TryParse("2026-01-01", "2027-01-01", out _));
        Assert.Null(ReportingPeriod.TryParse("2026-01-01", "2027-01-02", out var problem));
        Assert.Contains("366", problem);
    }

    [Fact]
    public void A_request_naming_neither_day_asks_for_the_current_month()
    {
        var period = ReportingPeriod.TryParse(null, null, ScoringMonth.Of(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), Shanghai), out var problem);
        Assert.Null(problem);
        Assert.Equal(new ReportingPeriod(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)), period);
    }

    [Theory]
    [InlineData(null, "2026-11-01", "from")]
    [InlineData("2026-11-01", null, "to")]
    public void A_request_naming_only_one_day_is_refused_even_with_a_current_month(string? from, string? to, string reason)
    {
        Assert.Null(ReportingPeriod.TryParse(from, to, new ScoringMonth(2026, 11), out var problem));
        Assert.StartsWith(reason, problem);
    }

    [Theory]
    [InlineData(null, "2026-11-01", "from")]
    [InlineData("2026-11-01", null, "to")]
    [InlineData("2026/11/01", "2026-11-02", "from")]
    [InlineData("2026-11-01", "2026-11-31", "to")]
    [InlineData("2026-11-02", "2026-11-01", "to must not be before")]
    public void Bad_dates_are_refused_with_the_reason(string? from, string? to, string reason)
    {
        Assert.Null(ReportingPeriod.TryParse(from, to, out var problem));
        Assert.StartsWith(reason, problem);
    }

    [Fact]
    public void Figures_count_on_the_city_s_local_day_not_the_UTC_day()
    {
        // 16:30 UTC is 00:30 the next day in Putian.
        Assert.Equal(new DateOnly(2026, 11, 21), ReportingPeriod.LocalDay(new DateTimeOffset(2026, 11, 20, 16, 30, 0, TimeSpan.Zero), Shanghai));
        Assert.Equal(new DateOnly(2026, 11, 20), ReportingPeriod.LocalDay(new DateTimeOffset(2026, 11, 20, 15, 59, 0, TimeSpan.Zero), Shanghai));
    }

    [Fact]
    public void Months_parse_as_yyyy_MM_only()
    {
        Assert.True(ScoringMonth.TryParse("2026-11", out var month));
        Assert.Equal(new ScoringMonth(2026, 11), month);
        Assert.Equal("2026-11", month.ToString());
        Assert.False(ScoringMonth.TryParse("2026-13", out _));
        Assert.False(ScoringMonth.TryParse("2026-1", out _));
        Assert.False(ScoringMonth.TryParse("2026-11-01", out _));
        Assert.False(ScoringMonth.TryParse(null, out _));
    }

    [Theory]
    [InlineData(2026, 2, "2026-02-28", 28)]
    [InlineData(2028, 2, "2028-02-29", 29)]
    [InlineData(2026, 12, "2026-12-31", 31)]
    public void A_month_s_period_runs_from_its_first_to_its_last_day(int year, int month, string last, int days)
    {
        var period = ReportingPeriod.Of(new ScoringMonth(year, month));
        Assert.Equal(new DateOnly(year, month, 1), period.From);
        Assert.Equal(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), period.To);
        Assert.Equal(days, period.Days);
    }

    [Fact]
    public void A_month_is_the_city_s_local_month()
    {
        // 2026-11-30 17:00 UTC is already December 1st in Putian.
        Assert.Equal(new ScoringMonth(2026, 12), ScoringMonth.Of(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), Shanghai));
    }
}
