using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Escalation;

/// <summary>Reviews arrive well inside a 60-second fixed review time per tier.</summary>
public sealed class ReviewHostFixture : HostFixture
{
    // A short follow-up window: a closed event's escalation ends (no reply) seconds after the close.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "00:01:00",
        ["Grassroots:FollowUp:Window"] = "00:00:03",
    };
}

[Collection(AzuriteTestGroup.Name)]
public sealed class EscalationEndToEndTests(ReviewHostFixture fixture) : IClassFixture<ReviewHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task The_unit_head_resolves_the_event_and_the_orchestration_completes()
    {
        var unit = SampleUnits.UnitUnder("dongxing");
        var (eventId, _) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(eventId, e => Stage(e) == "awaiting-review");

        using var review = await host.ReviewAsync(eventId, unit.Responsible.IdentityId,
            new { tier = "unit", decision = "resolve", outcome = "fixed", note = "Cleared the stairwell with both families" });
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);

        var view = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open");
        Assert.Equal("resolved", view["status"]!.GetValue<string>());
        Assert.Equal("fixed", view["outcome"]!.GetValue<string>());
        Assert.Equal("unit", view["resolvedTier"]!.GetValue<string>());
        Assert.Equal(unit.Responsible.PersonId, view["resolvedByPersonId"]!.GetValue<string>());
        Assert.Equal(["captured", "arrived", "review-requested", "resolved"], view.TimelineKindsThroughClose());

        // The deadline timer was cancelled when the review won, so nothing keeps the instance running.
        var instance = await host.Services.GetRequiredService<DurableTaskClient>()
            .WaitForInstanceCompletionAsync(eventId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task The_community_resolves_after_the_unit_and_the_grid_escalate()
    {
        var unit = SampleUnits.UnitUnder("bantou");
        var chain = SampleUnits.ChainOf(unit.Id);
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        await host.WaitForEventAsync(eventId, e => Stage(e) == "awaiting-review" && Tier(e) == "unit");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, chain[0].Responsible.IdentityId, new { tier = "unit", decision = "escalate", note = "Needs the grid" })).StatusCode);
        await host.WaitForEventAsync(eventId, e => Stage(e) == "awaiting-review" && Tier(e) == "grid");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, chain[1].Responsible.IdentityId, new { tier = "grid", decision = "escalate" })).StatusCode);
        await host.WaitForEventAsync(eventId, e => Stage(e) == "awaiting-review" && Tier(e) == "community");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, chain[2].Responsible.IdentityId,
            new { tier = "community", decision = "resolve", outcome = "no-action-needed", note = "Mediated; both parties agree" })).StatusCode);

        var view = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open");
        Assert.Equal("closed", view["status"]!.GetValue<string>());
        Assert.Equal("no-action-needed", view["outcome"]!.GetValue<string>());
        Assert.Equal("community", view["resolvedTier"]!.GetValue<string>());
        Assert.Equal(
            ["captured", "arrived", "review-requested", "escalated", "arrived", "review-requested", "escalated", "arrived", "review-requested", "resolved"],
            view.TimelineKindsThroughClose());
        Assert.Equal(
            [unit.Id, unit.Id, unit.Id, unit.Id, chain[1].Id, chain[1].Id, chain[1].Id, chain[2].Id, chain[2].Id, chain[2].Id],
            // Through the close, as the kinds above: the follow-up's steps (回访) come after it, in their own time.
            view["timeline"]!.AsArray().Take(view.TimelineKindsThroughClose().Count).Select(t => t!["nodeId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reviews_are_refused_for_the_wrong_tier_409_an_outsider_404_someone_below_403_and_a_body_reviewer_400()
    {
        var unit = SampleUnits.UnitUnder("xialin");
        var chain = SampleUnits.ChainOf(unit.Id);
        var sibling = SampleDirectory.Directory.Nodes.First(n => n.Tier == Grassroots.Domain.Tier.Unit && n.ParentId == unit.ParentId && n.Id != unit.Id);
        var (eventId, _) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(eventId, e => Stage(e) == "awaiting-review");

        using var wrongTier = await host.ReviewAsync(eventId, chain[1].Responsible.IdentityId, new { tier = "grid", decision = "escalate" });
        using var siblingHead = await host.ReviewAsync(eventId, sibling.Responsible.IdentityId, new { tier = "unit", decision = "escalate" });
        using var dispatchAtUnit = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "dispatch", departments = new[] { "x" } });
        using var withReviewerId = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "escalate", reviewerId = "someone-else" });

        Assert.Equal(HttpStatusCode.Conflict, wrongTier.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, siblingHead.StatusCode);
        Assert.Equal((HttpStatusCode)422, dispatchAtUnit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withReviewerId.StatusCode);

        // The grid worker above may step in for the unit head; the timeline says so.
        using var supervisor = await host.ReviewAsync(eventId, chain[1].Responsible.IdentityId, new { tier = "unit", decision = "escalate", note = "Taking it up" });
        Assert.Equal(HttpStatusCode.Accepted, supervisor.StatusCode);
        var view = await host.WaitForEventAsync(eventId, e => Tier(e) == "grid");
        var escalated = view["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "escalated")!;
        Assert.StartsWith("supervisor stepped in", escalated["note"]!.GetValue<string>(), StringComparison.Ordinal);

        // The unit head still sees the event, but answers for nothing at or above the grid now holding it.
        using var unitHeadAtGrid = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "grid", decision = "escalate" });
        Assert.Equal(HttpStatusCode.Forbidden, unitHeadAtGrid.StatusCode);
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);
    }

    [Fact]
    public async Task An_event_closed_as_a_duplicate_is_linked_both_ways_and_its_reporter_follows_the_original()
    {
        var unit = SampleUnits.UnitUnder("dongxing");
        var (original, _) = await host.CaptureAsync(unit.Id);
        var (duplicate, token) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(duplicate, e => Stage(e) == "awaiting-review");

        using var review = await host.ReviewAsync(duplicate, unit.Responsible.IdentityId,
            new { tier = "unit", decision = "resolve", outcome = "duplicate", duplicateOf = original, note = "Same stairwell, reported twice" });
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);

        var closed = await host.WaitForEventAsync(duplicate, e => e["status"]!.GetValue<string>() != "open");
        Assert.Equal(("closed", "duplicate", original), (closed["status"]!.GetValue<string>(), closed["outcome"]!.GetValue<string>(), closed["duplicateOfEventId"]!.GetValue<string>()));
        var originalView = await host.WaitForEventAsync(original, e => e["duplicates"]!.AsArray().Count == 1);
        Assert.Equal(duplicate, originalView["duplicates"]![0]!.GetValue<string>());

        using var tracking = new HttpRequestMessage(HttpMethod.Get, "/api/tracking");
        tracking.Headers.Add("X-Tracking-Token", token);
        using var response = await host.Http.SendAsync(tracking);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(original, body["original"]!["eventId"]!.GetValue<string>());
        Assert.Equal("open", body["original"]!["status"]!.GetValue<string>());
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(original);
    }

    internal static string Stage(JsonNode e) => e["stage"]!.GetValue<string>();

    internal static string Tier(JsonNode e) => e["currentTier"]!.GetValue<string>();
}

/// <summary>Nobody reviews: each tier's two-second deadline passes.</summary>
public sealed class DeadlineHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:00:02" };
}

[Collection(AzuriteTestGroup.Name)]
public sealed class DeadlineEscalationTests(DeadlineHostFixture fixture) : IClassFixture<DeadlineHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task An_unreviewed_event_climbs_all_six_tiers_charging_five_breaches_and_is_overdue_at_the_city_even_across_a_restart()
    {
        var unit = SampleUnits.UnitUnder("dingfu");
        var chain = SampleUnits.ChainOf(unit.Id);
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        // Stop the host (a clean drain; CrashRecoveryTests kills one) while the event is on its way up; the durable timers
        // and the trace live in Azurite.
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Tier(e) == "grid");
        await host.RestartAsync();

        // Work in flight when the host went down is picked up again after its queue message's visibility timeout
        // (host.json: 30 s for activities, 60 s for orchestration messages).
        var view = await host.WaitForEventAsync(eventId, e => e["overdue"]!.GetValue<bool>(), TimeSpan.FromSeconds(150));
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

        Assert.Equal("open", view["status"]!.GetValue<string>());
        Assert.Equal("city", EscalationEndToEndTests.Tier(view));

        var timeline = view["timeline"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(Enumerable.Range(0, timeline.Count), timeline.Select(t => t["sequence"]!.GetValue<int>()));
        var expected = new List<(string Kind, string Node)> { ("captured", unit.Id) };
        foreach (var node in chain)
        {
            expected.Add(("arrived", node.Id));
            expected.Add(("review-requested", node.Id));
            expected.Add(("deadline-missed", node.Id));
        }

        expected.Add(("overdue", chain[^1].Id));
        Assert.Equal(expected, timeline.Take(expected.Count).Select(t => (t["kind"]!.GetValue<string>(), t["nodeId"]!.GetValue<string>())));

        var charged = await host.BreachesOfAsync(eventId);
        var belowCity = charged.Where(b => b.Tier != "city").ToList();
        Assert.Equal(chain.Take(5).Select(n => n.Responsible.PersonId), belowCity.Select(b => b.PersonId));
        Assert.Equal(chain.Take(5).Select(n => n.Id), belowCity.Select(b => b.NodeId));
        Assert.All(charged.Where(b => b.Tier == "city"), b => Assert.Equal(chain[^1].Responsible.PersonId, b.PersonId));
        Assert.Contains(charged, b => b.Tier == "city");
    }
}
