using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Functions.Supervision;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Supervision;

public sealed class WatchdogHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "00:01:00",
        ["Grassroots:FollowUp:Window"] = "00:00:03",
        // Any event under repair counts as "too long": health's degraded state is visible between two watchdog runs.
        ["Grassroots:Supervision:RepairDegradedAfter"] = "00:00:00",
    };
}

/// <summary>The watchdog restarts an open event's escalation that is gone, from the event row, once.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class WatchdogTests(WatchdogHostFixture fixture) : IClassFixture<WatchdogHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_terminated_escalation_is_restarted_once_by_two_concurrent_runs_at_its_tier_in_a_new_round_with_a_repaired_step()
    {
        var chain = SampleUnits.ChainOf(SampleUnits.UnitUnder("xialin").Id);
        var (eventId, _) = await host.CaptureAsync(chain[0].Id);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        using var escalated = await host.ReviewAsync(eventId, chain[0].Responsible.IdentityId, new { tier = "unit", decision = "escalate" });
        var atGrid = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Tier(e) == "grid" && e.TimelineKinds().Contains("review-requested") && e.TimelineKinds().Count(k => k == "review-requested") == 2);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        await durable.TerminateInstanceAsync(eventId);
        // The engine takes the termination from its control queue; on 2 loaded cores that has taken over 30 s.
        await durable.WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        var watchdog = host.Services.GetRequiredService<EventWatchdog>();

        var runs = await Task.WhenAll(watchdog.RunAsync(durable, CancellationToken.None), watchdog.RunAsync(durable, CancellationToken.None));
        var health = await HealthAsync();

        Assert.Equal(1, runs.Sum(r => r.Repaired));
        Assert.Equal(("degraded", 1), (health["status"]!.GetValue<string>(), health["repairs"]!["eventsUnderRepair"]!.GetValue<int>()));
        var repaired = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Count(k => k == "review-requested") == 3);
        Assert.Single(repaired.TimelineKinds(), k => k == "repaired");
        Assert.Equal(("grid", atGrid["round"]!.GetValue<int>() + 1), (EscalationEndToEndTests.Tier(repaired), repaired["round"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(0, repaired["timeline"]!.AsArray().Count), repaired["timeline"]!.AsArray().Select(t => t!["sequence"]!.GetValue<int>()));

        // Running again, it is no longer under repair; and the restarted escalation takes the grid's review for the new round.
        var after = await watchdog.RunAsync(durable, CancellationToken.None);
        Assert.Equal(0, after.Broken);
        Assert.Equal(0, (await HealthAsync())["repairs"]!["eventsUnderRepair"]!.GetValue<int>());
        using var resolve = await host.ReviewAsync(eventId, chain[1].Responsible.IdentityId, new { tier = "grid", decision = "resolve", outcome = "fixed" });
        Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        var done = await durable.WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    private async Task<JsonNode> HealthAsync()
    {
        // Repairs are details: an admin sees them, anyone else the status only.
        using var response = await host.Http.SendAsync(TestHost.As(HttpMethod.Get, "/api/health", SampleDirectory.AdminIdentity, "Grassroots.Admin"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
