using System.Net;
using Azure.Messaging.ServiceBus;
using Grassroots.DepartmentConsumer;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grassroots.IntegrationTests.Departments;

/// <summary>
/// The Bantou case from the article: a resettlement-flat area dispute captured at a Bantou unit, escalated by the unit
/// head, the grid and the community, dispatched by the Xialin street centre to the natural-resources and housing
/// bureaus, whose own systems read their queues and report back; the event closes with its whole trace.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class BantouCaseTests(ReviewHostFixture fixture) : IClassFixture<ReviewHostFixture>
{
    private static readonly string[] Bureaus = ["chengxiang-natural-resources", "chengxiang-housing"];
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_flat_area_dispute_climbs_to_Xialin_street_is_dispatched_to_two_bureaus_and_closes_when_both_report_resolved()
    {
        var unit = SampleDirectory.Node("bantou-g1-u1");
        var chain = SampleUnits.ChainOf(unit.Id);
        Assert.Equal(["bantou-g1-u1", "bantou-g1", "bantou", "xialin-street"], chain.Take(4).Select(n => n.Id));
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        foreach (var (node, tier) in chain.Take(3).Zip(new[] { "unit", "grid", "community" }))
        {
            await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review" && EscalationEndToEndTests.Tier(e) == tier);
            using var escalate = await host.ReviewAsync(eventId, node.Responsible.IdentityId, new { tier, decision = "escalate", note = "Floor area is a land-records matter" });
            Assert.Equal(HttpStatusCode.Accepted, escalate.StatusCode);
        }

        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review" && EscalationEndToEndTests.Tier(e) == "town");
        using var dispatch = await host.ReviewAsync(eventId, chain[3].Responsible.IdentityId,
            new { tier = "town", decision = "dispatch", departments = Bureaus, note = "Measure the flat on site" });
        Assert.Equal(HttpStatusCode.Accepted, dispatch.StatusCode);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "dispatched");

        // Each bureau's own system: a ServiceBusProcessor on its queue that reports back to the platform as that bureau.
        await using var serviceBus = new ServiceBusClient(host.Host.ServiceBus!.ConnectionString);
        var consumers = new List<DepartmentQueueConsumer>();
        foreach (var department in Bureaus.Select(b => SampleDirectory.Directory.FindDepartment(b)!))
        {
            var options = new DepartmentConsumerOptions
            {
                DepartmentId = department.Id,
                QueueName = department.QueueName,
                ApiBaseAddress = host.Host.BaseAddress,
                DevelopmentIdentity = department.Contact.IdentityId,
            };
            var consumer = new DepartmentQueueConsumer(serviceBus, new ReportClient(host.Http, options, null), options, NullLogger<DepartmentQueueConsumer>.Instance);
            await consumer.StartAsync();
            consumers.Add(consumer);
        }

        try
        {
            var view = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open", TimeSpan.FromSeconds(60));

            Assert.Equal("resolved", view["status"]!.GetValue<string>());
            Assert.Equal("fixed", view["outcome"]!.GetValue<string>());
            Assert.Equal("town", view["resolvedTier"]!.GetValue<string>());
            Assert.All(consumers, c => Assert.Equal(1, c.Handled));
            var kinds = view.TimelineKindsThroughClose();
            Assert.Equal(
                ["captured",
                 "arrived", "review-requested", "escalated",
                 "arrived", "review-requested", "escalated",
                 "arrived", "review-requested", "escalated",
                 "arrived", "review-requested", "dispatched"],
                kinds.Take(13));
            // The two bureaus work in parallel, so their steps interleave; each acknowledges before it resolves.
            foreach (var bureau in Bureaus)
            {
                var steps = view["timeline"]!.AsArray().Where(t => t!["actorId"]?.GetValue<string>() == "department:" + bureau).Select(t => t!["kind"]!.GetValue<string>());
                Assert.Equal(["department-acknowledged", "department-resolved"], steps);
            }

            Assert.Equal("resolved", kinds[^1]);
            Assert.Equal(18, kinds.Count);
            Assert.All(view["dispatches"]!.AsArray(), d => Assert.Equal("resolved", d!["state"]!.GetValue<string>()));
            // Over the whole timeline: the follow-up's steps (回访) may already follow the close, numbered on from it.
            var timeline = view["timeline"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, timeline.Count), timeline.Select(t => t!["sequence"]!.GetValue<int>()));

            var done = await host.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

            // What the real run published: the reviewers' topic at each tier, each bureau's own queue, all within the contract.
            var published = await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == "resolved"));
            var toReviewers = published.Where(m => m.EntityPath == PublishedNotifications.ReviewerTopic).ToList();
            Assert.Equal(
                ["review-requested", "escalated", "review-requested", "escalated", "review-requested", "escalated", "review-requested", "resolved"],
                toReviewers.Select(m => m.Subject));
            Assert.Equal(chain.Take(4).Select(n => n.Id), toReviewers.Where(m => m.Subject == "review-requested").Select(m => m.ApplicationProperties["nodeId"]));
            Assert.Equal(
                Bureaus.Select(b => ("dispatched", SampleDirectory.Directory.FindDepartment(b)!.QueueName)).Order(),
                published.Where(m => m.EntityPath != PublishedNotifications.ReviewerTopic && !PublishedNotifications.IsReporterUpdate(m)).Select(m => (m.Subject!, m.EntityPath)).Order());
            host.Notifications.AssertAllValid();
        }
        finally
        {
            foreach (var consumer in consumers)
            {
                await consumer.DisposeAsync();
            }
        }
    }
}
