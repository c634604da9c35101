using Grassroots.Simulator;
using Xunit;

namespace Grassroots.Simulator.Tests;

public class CpuBudgetTests
{
    // The shape of the 2.5 reports/s probe: 450 reports, the store 228 CPU-s, the .NET process 149 CPU-s.
    private static readonly CpuBudget Probe = new(StoreSeconds: 228, ProcessSeconds: 149, Reports: 450, StorageRequests: 115_762);

    [Fact]
    public void The_store_alone_bounds_a_run_to_what_its_one_thread_can_answer_in_the_budget()
    {
        Assert.Equal(228.0 / 450, Probe.StorePerReport, 6);
        Assert.Equal(30 * 60 / (228.0 / 450), Probe.ReportsTheStoreCarries(TimeSpan.FromMinutes(30)), 6);
        Assert.True(Probe.ReportsTheStoreCarries(TimeSpan.FromMinutes(30)) < 5000);
    }

    [Fact]
    public void Store_and_process_together_bound_a_run_to_what_every_core_can_do_in_the_budget()
    {
        Assert.Equal((228.0 + 149) / 450, Probe.PerReport, 6);
        Assert.Equal(2 * 30 * 60 / ((228.0 + 149) / 450), Probe.ReportsTheMachineCarries(TimeSpan.FromMinutes(30), cores: 2), 6);
        Assert.Equal(2 * Probe.ReportsTheMachineCarries(TimeSpan.FromMinutes(30), cores: 2), Probe.ReportsTheMachineCarries(TimeSpan.FromMinutes(30), cores: 4), 6);
    }

    [Fact]
    public void The_store_cost_per_request_is_its_cpu_over_the_requests_it_answered()
    {
        Assert.Equal(228_000.0 / 115_762, Probe.StoreMillisecondsPerRequest, 6);
    }

    [Fact]
    public void A_run_that_captured_nothing_divides_by_one_not_zero()
    {
        var empty = new CpuBudget(0, 0, 0, 0);

        Assert.Equal(0, empty.PerReport);
        Assert.Equal(double.PositiveInfinity, empty.ReportsTheMachineCarries(TimeSpan.FromMinutes(30), 2));
    }
}
