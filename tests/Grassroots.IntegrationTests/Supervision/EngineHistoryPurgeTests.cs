using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Functions.Supervision;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Supervision;

public sealed class EngineHistoryPurgeHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "00:01:00",
        ["Grassroots:FollowUp:Window"] = "00:00:02",
        // Every finished escalation is old enough at once.
        ["Grassroots:Supervision:EngineHistoryRetention"] = "00:00:00",
    };
}

/// <summary>A finished escalation's history leaves the task hub; the event's own record, a running escalation and a retried capture are untouched.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class EngineHistoryPurgeTests(EngineHistoryPurgeHostFixture fixture) : IClassFixture<EngineHistoryPurgeHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_finished_escalation_leaves_the_task_hub_while_a_running_one_stays_and_the_closed_events_timeline_and_its_retried_capture_are_unchanged()
    {
        var unit = SampleUnits.UnitUnder("xialin");
        var reference = Guid.NewGuid().ToString("N");
        var finished = await CaptureAsync(unit.Id, reference);
        var (running, _) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(finished, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        using (var resolve = await host.ReviewAsync(finished, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        }

        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var done = await durable.WaitForInstanceCompletionAsync(finished, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        await host.WaitForEventAsync(running, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        var before = await host.WaitForEventAsync(finished, e => e["status"]!.GetValue<string>() != "open" && EscalationEndToEndTests.Stage(e) == "done");

        var purged = await host.Services.GetRequiredService<EngineHistoryPurge>().RunAsync(durable, CancellationToken.None);

        Assert.True(purged >= 1, $"purged {purged}");
        Assert.Null(await durable.GetInstanceAsync(finished));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await durable.GetInstanceAsync(running))!.RuntimeStatus);
        var after = await host.WaitForEventAsync(finished, _ => true);
        Assert.Equal(before["timeline"]!.ToJsonString(), after["timeline"]!.ToJsonString());

        // The channel's retry of the closed event's report finds it and starts nothing.
        using (var retry = await host.Http.PostAsync("/api/events", TestHost.Json(Events.Report(unit.Id, reference))))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(finished, JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>());
        }

        Assert.Null(await durable.GetInstanceAsync(finished));

        // The running escalation still takes its review and finishes.
        using (var resolve = await host.ReviewAsync(running, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        }

        var second = await durable.WaitForInstanceCompletionAsync(running, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
    }

    private async Task<string> CaptureAsync(string unitId, string reference)
    {
        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(Events.Report(unitId, reference)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>();
    }
}
