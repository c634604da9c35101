using Grassroots.Domain;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Notifications;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Notifications;

/// <summary>
/// Notices the broker does not take go to the outbox, and the escalation goes on: reproduction 2 of issue 13 (a
/// department whose queue does not exist) and a broker outage. The drain runs every second here, not every minute.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class OutboxTests
{
    private const string GhostDepartment = "chengxiang-records-office";
    private const string GhostQueue = "dept-chengxiang-records-office";
    private const string GhostIdentity = "6f0c1f7e-2a61-4c51-9d0e-3c1b4f7a9e21";
    private const string AuditSubscription = "review-notifications/Subscriptions/audit";

    [Fact]
    public async Task A_dispatch_to_a_department_whose_queue_does_not_exist_keeps_the_event_open_and_its_clocks_running_with_the_notice_in_the_outbox()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Grassroots:FixedReviewDuration"] = "00:01:00",
            ["Grassroots:Outbox:DegradedAfter"] = "00:00:03",
            ["LocalHost:TimerPeriod"] = "00:00:01",
        });
        await ImportDirectoryWithAGhostDepartmentAsync(host);

        var eventId = await DispatchFromXialinStreetAsync(host, GhostDepartment);
        var view = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("notice-delayed"), TimeSpan.FromSeconds(60));

        // Today's code retried the send six times and ended the orchestration as Failed; the event stayed dispatched forever.
        var instance = await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(eventId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        Assert.Equal(("open", "dispatched"), (view["status"]!.GetValue<string>(), EscalationEndToEndTests.Stage(view)));
        var dispatch = Assert.Single(view["dispatches"]!.AsArray())!;
        Assert.Equal((GhostDepartment, "dispatched"), (dispatch["departmentId"]!.GetValue<string>(), dispatch["state"]!.GetValue<string>()));
        Assert.True(view["deadlineUtc"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow, "the department's acknowledge deadline is still running");

        var dispatchedStep = view["timeline"]!.AsArray().Last(t => t!["kind"]!.GetValue<string>() == "dispatched")!["sequence"]!.GetValue<int>();
        var messageId = $"{eventId}:{dispatchedStep:D6}:dispatched:{GhostDepartment}";
        var delayed = view["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "notice-delayed")!;
        Assert.Contains(messageId, delayed["note"]!.GetValue<string>(), StringComparison.Ordinal);

        // The drain keeps trying (every second here) and the notice stays until the queue exists.
        var kept = await WaitForOutboxRowAsync(host, messageId, r => r.Attempts >= 3);
        Assert.Equal((GhostQueue, "dispatched"), (kept.Entity, kept.Kind));
        Assert.Contains("MessagingEntityNotFound", kept.LastFailure, StringComparison.Ordinal);

        var health = await WaitForHealthAsync(host, h => h["status"]!.GetValue<string>() == "degraded");
        Assert.Equal("stale", health["backlogs"]!["outbox"]!["status"]!.GetValue<string>());
        Assert.True(health["backlogs"]!["outbox"]!["depth"]!.GetValue<int>() >= 1);

        // The department, reading its work some other way, still reports, and its reports still apply.
        using (var acknowledged = await ReportAsync(host, eventId, new { kind = "acknowledged", note = "Seen at the records office" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, acknowledged.StatusCode);
        }

        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("department-acknowledged"));
        using (var resolved = await ReportAsync(host, eventId, new { kind = "resolved", note = "Records corrected" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        }

        var closed = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open");
        Assert.Equal("resolved", closed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notices_sent_while_the_broker_is_down_wait_in_the_outbox_and_the_drain_delivers_each_exactly_once_when_it_is_back()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Grassroots:FixedReviewDuration"] = "00:05:00",
            ["Grassroots:Outbox:SendTimeout"] = "00:00:03",
            ["LocalHost:TimerPeriod"] = "00:00:01",
        });
        var chain = SampleUnits.ChainOf("xialin-g1-u1");
        await host.Host.StopServiceBusAsync();

        var (first, _) = await host.CaptureAsync(chain[0].Id);
        var (second, _) = await host.CaptureAsync(chain[0].Id);
        await host.WaitForEventAsync(first, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        using (var escalated = await host.ReviewAsync(first, chain[0].Responsible.IdentityId, new { tier = "unit", decision = "escalate" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, escalated.StatusCode);
        }

        // first: review-requested (unit), escalated, review-requested (grid), and the reporter's received and with-tier;
        // second: review-requested (unit) and received.
        var firstView = await host.WaitForEventAsync(first, e => DelayedNotices(e).Count == 5);
        var secondView = await host.WaitForEventAsync(second, e => DelayedNotices(e).Count == 2);
        var expected = DelayedNotices(firstView).Concat(DelayedNotices(secondView)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal("grid", EscalationEndToEndTests.Tier(firstView));
        Assert.Equal(expected, (await OutboxRowsAsync(host, first, second)).Select(r => r.RowKey).Order(StringComparer.Ordinal));

        await host.Host.StartServiceBusAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await OutboxRowsAsync(host, first, second)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the drain did not empty the outbox within 60 s of the broker's return");
            await Task.Delay(250);
        }

        // A few more drain runs: nothing is sent twice.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var delivered = await ReceiveAllAsync(host.Host.ServiceBus!.ConnectionString, AuditSubscription);
        Assert.Equal(expected.Where(id => !id.Contains(":reporter-", StringComparison.Ordinal)), delivered.Order(StringComparer.Ordinal));
        var toReporters = await ReceiveAllAsync(host.Host.ServiceBus!.ConnectionString, "reporter-updates/Subscriptions/audit");
        Assert.Equal(expected.Where(id => id.Contains(":reporter-", StringComparison.Ordinal)), toReporters.Order(StringComparer.Ordinal));
        var health = await WaitForHealthAsync(host, h => h["status"]!.GetValue<string>() == "healthy");
        Assert.Equal(0, health["backlogs"]!["outbox"]!["depth"]!.GetValue<int>());
    }

    private static List<string> DelayedNotices(JsonNode view) =>
        view["timeline"]!.AsArray()
            .Where(t => t!["kind"]!.GetValue<string>() == "notice-delayed")
            .Select(t => t!["note"]!.GetValue<string>().Split(' ')[2])
            .ToList();

    private static async Task ImportDirectoryWithAGhostDepartmentAsync(TestHost host)
    {
        // A department that exists in the directory but whose queue was never created on the broker.
        var directory = JsonNode.Parse(await File.ReadAllTextAsync(SampleDirectory.Path))!;
        directory["departments"]!.AsArray().Add(new JsonObject
        {
            ["id"] = GhostDepartment,
            ["name"] = "Chengxiang District Records Office",
            ["queueName"] = GhostQueue,
            ["dispatchableBy"] = new JsonArray("xialin-street", "chengxiang"),
            ["contact"] = new JsonObject
            {
                ["personId"] = "p-chengxiang-records-desk",
                ["name"] = "Xu Lan",
                ["role"] = "Records desk",
                ["contact"] = "+86 594 269 2199",
                ["identityId"] = GhostIdentity,
            },
            ["resolveWithinWorkingDays"] = 5,
        });
        using var request = TestHost.As(HttpMethod.Post, "/api/directory/import", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        request.Content = TestHost.Json(directory.ToJsonString());
        using var response = await host.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> DispatchFromXialinStreetAsync(TestHost host, string departmentId)
    {
        var (eventId, _) = await host.CaptureAsync("xialin-g1-u1");
        await host.EscalateUpToAsync(eventId, Tier.Town);
        using var dispatched = await host.ReviewAsync(eventId, SampleDirectory.Node("xialin-street"), Tier.Town, "dispatch", departments: [departmentId]);
        Assert.Equal(HttpStatusCode.Accepted, dispatched.StatusCode);
        return eventId;
    }

    private static Task<HttpResponseMessage> ReportAsync(TestHost host, string eventId, object report) =>
        host.ReportAsync(eventId, GhostIdentity, report);

    private static async Task<List<OutboxRow>> OutboxRowsAsync(TestHost host, params string[] eventIds)
    {
        var table = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.NotificationOutbox);
        var rows = new List<OutboxRow>();
        await foreach (var row in table.QueryAsync<OutboxRow>(r => r.PartitionKey == NotificationOutbox.Partition))
        {
            if (eventIds.Contains(row.EventId))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static async Task<OutboxRow> WaitForOutboxRowAsync(TestHost host, string messageId, Func<OutboxRow, bool> condition)
    {
        var table = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.NotificationOutbox);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<OutboxRow>(NotificationOutbox.Partition, messageId);
            if (row.HasValue && condition(row.Value!))
            {
                return row.Value!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Outbox row {messageId}: {(row.HasValue ? $"{row.Value!.Attempts} attempts" : "missing")}");
            await Task.Delay(250);
        }
    }

    private static async Task<JsonNode> WaitForHealthAsync(TestHost host, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            // The backlogs are details: an admin sees them, anyone else the status only.
            using var response = await host.Http.SendAsync(TestHost.As(HttpMethod.Get, "/api/health", SampleDirectory.AdminIdentity, "Grassroots.Admin"));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (condition(body))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, "health: " + body.ToJsonString());
            await Task.Delay(500);
        }
    }

    private static async Task<List<string>> ReceiveAllAsync(string connectionString, string entity)
    {
        await using var client = new ServiceBusClient(connectionString);
        await using var receiver = client.CreateReceiver(entity, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var ids = new List<string>();
        while (await receiver.ReceiveMessagesAsync(100, TimeSpan.FromSeconds(2)) is { Count: > 0 } batch)
        {
            ids.AddRange(batch.Select(m => m.MessageId));
        }

        return ids;
    }
}
