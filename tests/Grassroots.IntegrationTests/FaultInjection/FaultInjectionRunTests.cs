using Grassroots.FaultInjection;
using Xunit.Abstractions;

namespace Grassroots.IntegrationTests.FaultInjection;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultInjectionGroup
{
    // Alone, so the run's timing is its own and not the other tests' load.
    public const string Name = "Fault injection";
}

[Collection(FaultInjectionGroup.Name)]
public sealed class FaultInjectionRunTests(ITestOutputHelper output)
{
    // The README test command's small variant of the issue #13 run (the full run is the separate command).
    [Fact]
    public async Task Events_end_as_scripted_and_nothing_is_lost_or_doubled_while_host_broker_and_storage_fail()
    {
        var options = FaultRunOptions.SmallPreset with { Output = Path.Combine(Path.GetTempPath(), $"fault-injection-{Guid.NewGuid():N}.md") };
        using var log = new StringWriter();

        var result = await FaultRun.RunAsync(options, log);

        var report = RunReport.Markdown(result);
        output.WriteLine(log.ToString());
        output.WriteLine(report);
        Assert.Equal(options.Events, result.Records.Count);
        Assert.Equal(options.Kills, result.Faults.Count(f => f.Kind == FaultKind.HostKill));
        Assert.Equal(options.AzuriteRestarts, result.Faults.Count(f => f.Kind == FaultKind.AzuriteRestart));
        Assert.Single(result.Faults, f => f.Kind == FaultKind.ServiceBusOutage);
        Assert.True(result.Passed, "Failed checks: " + string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Summary}")));
    }
}
