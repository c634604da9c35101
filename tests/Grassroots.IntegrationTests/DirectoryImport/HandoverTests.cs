using System.Net;
using System.Text;
using Grassroots.Domain;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.DirectoryImport;

/// <summary>Review deadlines short enough to pass during a test, long enough to import and review before they do.</summary>
public sealed class HandoverHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:00:25" };
}

/// <summary>Responsibility follows the live directory (交接): the end-to-end handover case.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class HandoverTests(HandoverHostFixture fixture) : IClassFixture<HandoverHostFixture>
{
    private const string Unit = "xialin-g2-u1";
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task An_import_replacing_the_unit_head_hands_waiting_events_to_the_new_head_who_reviews_while_the_old_head_loses_access_and_a_missed_deadline_is_charged_to_the_new_head()
    {
        var oldHead = SampleDirectory.Node(Unit).Responsible;
        var reviewed = (await host.CaptureAsync(Unit)).EventId;
        var missed = (await host.CaptureAsync(Unit)).EventId;
        await host.WaitForEventAsync(reviewed, e => Events.Holds(e, Tier.Unit) && e.TimelineKinds().Contains("review-requested"));
        await host.WaitForEventAsync(missed, e => Events.Holds(e, Tier.Unit) && e.TimelineKinds().Contains("review-requested"));
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/events/{reviewed}", oldHead.IdentityId));

        var newIdentity = Guid.NewGuid().ToString();
        var (status, answer) = await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf(Unit)["responsible"] = DirectoryImports.Person("p-new-head", newIdentity)));

        Assert.Equal(HttpStatusCode.OK, status);
        var changes = answer["changes"]!;
        Assert.Equal([Unit], changes.Ids("nodes", "changed"));
        Assert.Equal(["p-new-head"], changes.Ids("people", "added"));
        Assert.Equal([oldHead.PersonId], changes.Ids("people", "removed"));
        Assert.Equal([oldHead.IdentityId], changes.Ids("identities", "removed"));

        // The old head lost access at once: reading and reviewing answer 404 as for any event they may not see.
        Assert.Equal(HttpStatusCode.NotFound, await host.StatusOfGetAsync($"/api/events/{reviewed}", oldHead.IdentityId));
        using (var byOldHead = await host.ReviewAsync(reviewed, oldHead.IdentityId, Events.ReviewBody("unit", "resolve", "fixed")))
        {
            Assert.Equal(HttpStatusCode.NotFound, byOldHead.StatusCode);
        }

        // The escalation was told: a handover step names the new head, who was notified; the deadline stayed.
        var handedOver = await host.WaitForEventAsync(reviewed, e => e.TimelineKinds().Contains("handover"));
        var handover = handedOver["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "handover")!;
        var requested = handedOver["timeline"]!.AsArray().First(t => t!["kind"]!.GetValue<string>() == "review-requested")!;
        Assert.Equal("p-new-head", handover["actorId"]!.GetValue<string>());
        Assert.Equal(requested["deadlineUtc"]!.GetValue<DateTimeOffset>(), handover["deadlineUtc"]!.GetValue<DateTimeOffset>());
        Assert.Equal("p-new-head", handedOver["responsiblePersonId"]!.GetValue<string>());
        await host.Notifications.WaitForAsync(reviewed, m => m.Any(n => n.Subject == "review-requested" && Encoding.UTF8.GetString(n.Body.Span).Contains("\"p-new-head\"", StringComparison.Ordinal)));

        // The new head's review is accepted and applied, not rejected inside the orchestration.
        using (var byNewHead = await host.ReviewAsync(reviewed, newIdentity, Events.ReviewBody("unit", "resolve", "fixed", "sorted out on the stairs")))
        {
            Assert.Equal(HttpStatusCode.Accepted, byNewHead.StatusCode);
        }

        var closed = await host.WaitForEventAsync(reviewed, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.Equal("p-new-head", closed["resolvedByPersonId"]!.GetValue<string>());
        Assert.DoesNotContain("review-rejected", closed.TimelineKinds());

        // The other event's deadline passes across the handover: the breach goes to who held it then, the new head.
        var escalated = await host.WaitForEventAsync(missed, e => e.TimelineKinds().Contains("deadline-missed"), TimeSpan.FromSeconds(90));
        // The breach is charged right after the deadline-missed step is written.
        var charged = await host.BreachesOfAsync(missed);
        for (var wait = 0; charged.Count == 0 && wait < 120; wait++)
        {
            await Task.Delay(250);
            charged = await host.BreachesOfAsync(missed);
        }

        var breach = Assert.Single(charged);
        Assert.Equal(("p-new-head", Unit), (breach.PersonId, breach.NodeId));
        Assert.Equal("p-new-head", escalated["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "deadline-missed")!["actorId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync("/api/people/p-new-head/breaches", newIdentity));
    }
}
