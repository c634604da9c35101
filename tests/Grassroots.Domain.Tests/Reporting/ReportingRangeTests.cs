using Grassroots.Domain.Reporting;

namespace Grassroots.Domain.Tests.Reporting;

/// <summary>Dates and months a request names are range-checked, so no arithmetic on them can overflow (month=9999-12 answered 500).</summary>
public sealed class ReportingRangeTests
{
    [Theory]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("1999-12")]
    [InlineData("2100-01")]
    public void A_month_outside_the_reporting_range_is_refused(string text) => Assert.False(ScoringMonth.TryParse(text, out _));

    [Theory]
    [InlineData("2000-01")]
    [InlineData("2099-12")]
    public void The_first_and_last_month_of_the_range_are_accepted_and_their_days_computed(string text)
    {
        Assert.True(ScoringMonth.TryParse(text, out var month));
        Assert.InRange(ReportingPeriod.Of(month).Days, 28, 31);
    }

    [Theory]
    [InlineData("9999-12-31", "9999-12-31", "from")]
    [InlineData("0001-01-01", "0001-01-02", "from")]
    [InlineData("2026-11-01", "2100-01-01", "to")]
    public void A_day_outside_the_reporting_range_is_refused_naming_the_parameter(string from, string to, string named)
    {
        Assert.Null(ReportingPeriod.TryParse(from, to, out var problem));
        Assert.StartsWith(named, problem, StringComparison.Ordinal);
        Assert.Contains("2000-01-01", problem, StringComparison.Ordinal);
    }
}
