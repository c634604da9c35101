namespace Grassroots.Simulator.Tests;

public class PercentilesTests
{
    [Fact]
    public void Percentiles_take_the_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];

        Assert.Equal((5.0, 9.0, 10.0), (Percentiles.Of(values, 50)!.Value, Percentiles.Of(values, 90)!.Value, Percentiles.Of(values, 99)!.Value));
        Assert.Null(Percentiles.Of([], 50));
    }

    [Fact]
    public void The_histogram_counts_each_value_in_one_bin_and_the_last_bin_is_open()
    {
        var bins = Percentiles.Histogram([0.1, 0.5, 0.99, 1, 12], [0, 1, 5]);

        Assert.Equal([("0–1", 3), ("1–5", 1), ("≥ 5", 1)], bins);
    }
}
