using Grassroots.Domain.Reporting;

namespace Grassroots.Domain.Tests.Reporting;

public sealed class CloseTimeHistogramTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 0)]
    [InlineData(1.2, 1)]
    [InlineData(1.41, 1)]
    [InlineData(1.42, 2)]
    [InlineData(2.0, 2)]
    [InlineData(4.0, 4)]
    [InlineData(60.0, 12)]
    [InlineData(1440.0, 21)]
    public void Each_bucket_is_a_factor_root_two_wide(double minutes, int bucket) =>
        Assert.Equal(bucket, CloseTimeHistogram.BucketOf(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Durations_beyond_the_last_bucket_land_in_it() =>
        Assert.Equal(CloseTimeHistogram.Count - 1, CloseTimeHistogram.BucketOf(TimeSpan.FromDays(10_000)));

    [Theory]
    [InlineData(3.0)]
    [InlineData(47.0)]
    [InlineData(600.0)]
    [InlineData(10_080.0)]
    public void A_bucket_s_representative_is_within_19_percent_of_any_duration_in_it(double minutes)
    {
        var representative = CloseTimeHistogram.Representative(CloseTimeHistogram.BucketOf(TimeSpan.FromMinutes(minutes))).TotalMinutes;
        Assert.InRange(representative / minutes, 1 / 1.19, 1.19);
    }

    [Fact]
    public void Median_and_p90_follow_the_nearest_rank_rule()
    {
        var counts = new long[CloseTimeHistogram.Count];
        counts[4] = 5;   // about 3.4 minutes
        counts[12] = 4;  // about 50 minutes
        counts[21] = 1;  // about 1,200 minutes
        Assert.Equal(CloseTimeHistogram.Representative(4), CloseTimeHistogram.Quantile(counts, 0.5));
        Assert.Equal(CloseTimeHistogram.Representative(12), CloseTimeHistogram.Quantile(counts, 0.9));
        Assert.Equal(CloseTimeHistogram.Representative(21), CloseTimeHistogram.Quantile(counts, 1.0));
    }

    [Fact]
    public void Nothing_closed_has_no_median() => Assert.Null(CloseTimeHistogram.Quantile(new long[CloseTimeHistogram.Count], 0.5));
}
