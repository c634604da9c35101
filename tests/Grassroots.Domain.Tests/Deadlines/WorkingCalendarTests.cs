using static Grassroots.Domain.Tests.Time;

namespace Grassroots.Domain.Tests;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar China = WorkingCalendar.Parse(ConfigFiles.Calendar);

    [Fact]
    public void The_shipped_calendar_covers_2026_and_2027_in_shanghai_time()
    {
        Assert.Equal("Asia/Shanghai", China.TimeZoneId);
        Assert.Equal([2026, 2027], China.CoveredYears);
        Assert.True(China.Covers(Day("2026-06-01")));
        Assert.False(China.Covers(Day("2030-06-03")));
    }

    [Theory]
    [InlineData("2026-03-13", true)]  // Friday
    [InlineData("2026-03-14", false)] // Saturday
    [InlineData("2026-03-15", false)] // Sunday
    [InlineData("2026-03-16", true)]  // Monday
    public void Monday_to_friday_work_and_weekends_do_not(string day, bool working) =>
        Assert.Equal(working, China.IsWorkingDay(Day(day)));

    [Theory]
    [InlineData("2026-01-01")] // New Year's Day, Thursday
    [InlineData("2026-02-16")] // Spring Festival eve, Monday
    [InlineData("2026-04-06")] // Qingming, Monday
    [InlineData("2026-05-05")] // Labour Day week, Tuesday
    [InlineData("2026-06-19")] // Dragon Boat, Friday
    [InlineData("2026-09-25")] // Mid-Autumn, Friday
    [InlineData("2026-10-01")] // National Day, Thursday
    [InlineData("2026-10-07")] // National Day week, Wednesday
    public void Public_holidays_on_weekdays_are_not_working_days(string day) =>
        Assert.False(China.IsWorkingDay(Day(day)));

    [Theory]
    [InlineData("2026-01-04")] // Sunday after New Year
    [InlineData("2026-02-14")] // Saturday before Spring Festival
    [InlineData("2026-02-28")] // Saturday after Spring Festival
    [InlineData("2026-05-09")] // Saturday after Labour Day
    [InlineData("2026-09-20")] // Sunday before National Day
    [InlineData("2026-10-10")] // Saturday after National Day
    public void Make_up_working_saturdays_and_sundays_are_working_days(string day) =>
        Assert.True(China.IsWorkingDay(Day(day)));

    [Fact]
    public void Years_the_file_does_not_cover_fall_back_to_monday_to_friday()
    {
        Assert.True(China.IsWorkingDay(Day("2030-01-01")));  // a Tuesday; its holiday is not known yet
        Assert.False(China.IsWorkingDay(Day("2030-01-05"))); // a Saturday
    }

    [Fact]
    public void The_2027_estimate_keeps_at_least_the_statutory_days_off()
    {
        Assert.False(China.IsWorkingDay(Day("2027-02-05"))); // Spring Festival eve, Friday
        Assert.False(China.IsWorkingDay(Day("2027-10-04"))); // given back for 2 October, a Saturday
        Assert.True(China.IsWorkingDay(Day("2027-10-06")));
    }

    [Theory]
    [InlineData("2026-03-13", 1, "2026-03-16")] // Friday + 1 skips the weekend
    [InlineData("2026-03-13", 5, "2026-03-20")]
    [InlineData("2026-03-14", 1, "2026-03-16")] // counting from a Saturday
    [InlineData("2026-03-16", 0, "2026-03-16")]
    public void Adding_working_days_skips_weekends(string start, int days, string expected) =>
        Assert.Equal(Day(expected), China.AddWorkingDays(Day(start), days));

    [Theory]
    [InlineData("2026-09-30", 1, "2026-10-08")] // over the National Day week
    [InlineData("2026-09-30", 3, "2026-10-10")] // Thu 8, Fri 9, make-up Sat 10
    [InlineData("2026-09-30", 5, "2026-10-13")]
    [InlineData("2026-09-18", 1, "2026-09-20")] // make-up Sunday before National Day
    [InlineData("2026-02-13", 1, "2026-02-14")] // make-up Saturday before Spring Festival
    [InlineData("2026-02-13", 2, "2026-02-24")] // then nothing until after the festival
    [InlineData("2026-12-31", 1, "2027-01-04")] // over the 2027 New Year and a weekend
    public void Adding_working_days_skips_holidays_and_counts_make_up_days(string start, int days, string expected) =>
        Assert.Equal(Day(expected), China.AddWorkingDays(Day(start), days));

    [Fact]
    public void A_negative_number_of_working_days_is_an_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => China.AddWorkingDays(Day("2026-03-13"), -1));

    [Fact]
    public void Monday_to_friday_knows_no_holidays()
    {
        Assert.True(WorkingCalendar.MondayToFriday.IsWorkingDay(Day("2026-10-01")));
        Assert.False(WorkingCalendar.MondayToFriday.IsWorkingDay(Day("2026-10-10")));
        Assert.Null(WorkingCalendar.MondayToFriday.TimeZoneId);
    }

    [Fact]
    public void A_year_may_leave_out_make_up_days_and_the_file_may_leave_out_the_time_zone()
    {
        var calendar = WorkingCalendar.Parse("{ \"years\": { \"2026\": { \"holidays\": [\"2026-10-01\"] } } }");

        Assert.False(calendar.IsWorkingDay(Day("2026-10-01")));
        Assert.Null(calendar.TimeZoneId);
    }

    [Theory]
    [InlineData("{ \"years\": { \"2026\": { \"holidays\": [\"2026-02-30\"] } } }", "years.2026.holidays[0]: \"2026-02-30\" is not a date")]
    [InlineData("{ \"years\": { \"2026\": { \"holidays\": [20261001] } } }", "years.2026.holidays[0]: 20261001 is not a date")]
    [InlineData("{ \"years\": { \"2026\": { \"holidays\": [\"2027-01-01\"] } } }", "is not in 2026")]
    [InlineData("{ \"years\": { \"2026\": { \"makeUpWorkingDays\": [\"2026-10-08\"] } } }", "2026-10-08 is a Thursday")]
    [InlineData("{ \"years\": { \"2026\": { \"holidays\": [\"2026-10-10\"], \"makeUpWorkingDays\": [\"2026-10-10\"] } } }", "both")]
    [InlineData("{ \"years\": { \"26\": { } } }", "four-digit year")]
    [InlineData("{ \"years\": { \"2026\": { \"holidays\": \"2026-10-01\" } } }", "expected an array")]
    [InlineData("{ \"timeZone\": \"Mars/Olympus_Mons\", \"years\": {} }", "not a known time zone")]
    [InlineData("{ \"holidays\": [] }", "years:")]
    [InlineData("[]", "must be an object")]
    [InlineData("{ \"years\": ", "Not valid JSON")]
    public void A_calendar_with_impossible_days_or_the_wrong_shape_is_refused(string json, string problem)
    {
        var ex = Assert.Throws<WorkingCalendarFormatException>(() => WorkingCalendar.Parse(json));

        Assert.Contains(problem, Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_calendar_problem_is_listed_at_once()
    {
        var ex = Assert.Throws<WorkingCalendarFormatException>(() => WorkingCalendar.Parse(
            "{ \"years\": { \"2026\": { \"holidays\": [\"x\", \"2026-13-01\"], \"makeUpWorkingDays\": [\"2026-10-08\"] } } }"));

        Assert.Equal(3, ex.Problems.Count);
    }
}
