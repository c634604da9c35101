using System.Net;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// Ctrl+C in the terminal running the local host, while escalations wait on their deadline timers: the host, the
/// durable engine, the Service Bus endpoint and (when it started it) Azurite stop within five seconds, and nothing is
/// lost: the timers live in the task hub, so the next start carries every escalation on.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class InterruptTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Ctrl_C_stops_the_local_host_within_five_seconds_and_the_next_start_carries_the_escalations_on()
    {
        await using var host = await LocalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Grassroots__FixedReviewDuration"] = "00:00:20",
        });
        var units = new[] { SampleUnits.UnitUnder("dingfu"), SampleUnits.UnitUnder("dongxing"), SampleUnits.UnitUnder("bantou") };
        var events = new List<string>();
        foreach (var unit in units)
        {
            var (eventId, _) = await host.Client.CaptureAsync(unit.Id);
            events.Add(eventId);
        }

        foreach (var eventId in events)
        {
            await host.Client.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));
        }

        var (took, exitCode) = await host.InterruptAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode is not null, $"Still running {took.TotalSeconds:0.0} s after SIGINT:\n{host.Output()}");
        Assert.True(took <= Limit, $"Stopping took {took.TotalSeconds:0.0} s (limit {Limit.TotalSeconds} s):\n{host.Output()}");
        Assert.Equal(0, exitCode);

        await host.RestartAsync();
        foreach (var eventId in events)
        {
            var view = await host.Client.WaitForEventAsync(
                eventId, e => Events.Holds(e, Tier.Grid) && e.TimelineKinds()[^1] == TimelineKinds.ReviewRequested, TimeSpan.FromSeconds(120));
            Assert.Equal(
                [TimelineKinds.Captured, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed, TimelineKinds.Arrived, TimelineKinds.ReviewRequested],
                view.TimelineKinds());
        }

        using var health = await host.Client.Http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
