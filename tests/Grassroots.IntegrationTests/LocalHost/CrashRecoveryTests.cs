using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// A crash, not a stop: the process running the durable engine and the app is killed with SIGKILL while one event waits
/// on its deadline timer and another's review has just been raised. Everything pending lives in Azurite, so a new process
/// on the same task hub finishes both, each exactly once.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task After_a_kill_and_a_restart_a_pending_deadline_timer_and_a_pending_review_each_complete_exactly_once()
    {
        await using var host = await LocalHostProcess.StartAsync(new Dictionary<string, string>
        {
            // Long enough that the review below decides its event before that event's own timer could; short enough to
            // watch the other event's timer fire after the restart.
            ["Grassroots__FixedReviewDuration"] = "00:01:00",
            // Queue messages the killed process had taken come back after these (host.json: 30 s and 60 s).
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:10",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
        });
        var timedUnit = SampleUnits.UnitUnder("dingfu");
        var reviewedUnit = SampleUnits.UnitUnder("dongxing");
        var (timed, _) = await host.Client.CaptureAsync(timedUnit.Id);
        var (reviewed, _) = await host.Client.CaptureAsync(reviewedUnit.Id);
        await host.Client.WaitForEventAsync(timed, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));
        await host.Client.WaitForEventAsync(reviewed, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));

        using var review = await host.Client.ReviewAsync(reviewed, reviewedUnit, Tier.Unit, ReviewDecisions.Resolve, ResolutionOutcomes.Fixed, "Cleared the stairwell");
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        await host.KillAsync();
        await host.RestartAsync();

        var resolved = await host.Client.WaitForEventAsync(reviewed, e => e["status"]!.GetValue<string>() != "open", TimeSpan.FromSeconds(120));
        var escalated = await host.Client.WaitForEventAsync(timed, e => Events.Holds(e, Tier.Grid) && e.TimelineKinds()[^1] == TimelineKinds.ReviewRequested, TimeSpan.FromSeconds(150));

        Assert.Equal(("resolved", "unit"), (resolved["status"]!.GetValue<string>(), resolved["resolvedTier"]!.GetValue<string>()));
        Assert.Equal([TimelineKinds.Captured, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved], resolved.TimelineKindsThroughClose());
        Assert.Equal(
            [TimelineKinds.Captured, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed, TimelineKinds.Arrived, TimelineKinds.ReviewRequested],
            escalated.TimelineKinds());
        foreach (var view in new[] { resolved, escalated })
        {
            Assert.Equal(Enumerable.Range(0, view["timeline"]!.AsArray().Count), view["timeline"]!.AsArray().Select(t => t!["sequence"]!.GetValue<int>()));
        }

        Assert.Equal([timed], await BreachedEventsAsync(host.Client, timedUnit.Responsible.PersonId));
        Assert.Empty(await BreachedEventsAsync(host.Client, reviewedUnit.Responsible.PersonId));
    }

    private static async Task<List<string>> BreachedEventsAsync(TestHost client, string personId)
    {
        using var request = TestHost.As(HttpMethod.Get, $"/api/people/{personId}/breaches", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["items"]!.AsArray().Select(b => b!["eventId"]!.GetValue<string>()).ToList();
    }
}
