using Grassroots.EngineCost;
using Xunit;

namespace Grassroots.Simulator.Tests;

public class IntakeFiguresTests
{
    // The shape of the third round's run: 23 events/s, 6 writes, 341 raw inserts/s, 700 requests/s with the store 95% busy.
    private static IntakeFigures Run(double busy) =>
        new(8, 360, 341, 6, new Dictionary<StorageResource, double>(), 23, new Latencies([TimeSpan.FromMilliseconds(342)]), 700, 10, busy);

    [Fact]
    public void The_ratio_is_intake_over_the_raw_insert_rate_divided_by_intakes_writes()
    {
        Assert.Equal(23 / (341.0 / 6), Run(0.95).Ratio(341), 6);
    }

    [Fact]
    public void Every_request_while_intake_ran_is_charged_to_the_events_it_captured()
    {
        Assert.Equal(700.0 / 23, Run(0.95).StoreRequestsPerCapturedEvent, 6);
    }

    [Fact]
    public void The_store_capacity_is_what_it_answered_over_the_share_of_the_time_its_thread_was_busy()
    {
        Assert.Equal(700 / 0.5, Run(0.5).StoreCapacityPerSecond, 6);
        Assert.Equal(700, Run(1.2).StoreCapacityPerSecond, 6);
        Assert.Equal(700, Run(0).StoreCapacityPerSecond, 6);
    }

    [Fact]
    public void At_a_ratio_of_six_tenths_the_store_affords_its_capacity_over_that_many_events_per_second()
    {
        var figures = Run(1);

        Assert.Equal(700 / (0.6 * 341 / 6), figures.AffordableRequestsPerEventAt(0.6, 341), 6);
        Assert.True(figures.AffordableRequestsPerEventAt(0.6, 341) < figures.StoreRequestsPerCapturedEvent);
    }
}
