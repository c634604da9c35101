using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Functions.Notifications;
using Grassroots.Functions.Status;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.Functions.Supervision;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.FollowUp;

/// <summary>Nothing moves on its own for two hours; a follow-up window of ten minutes is plenty to answer in.</summary>
public sealed class FollowUpHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "02:00:00",
        ["Grassroots:ReminderLead"] = "00:00:00",
        ["Grassroots:FollowUp:Window"] = "00:10:00",
        ["Grassroots:Points:MinimumEvents"] = "1",
    };
}

/// <summary>回访 over HTTP: the resident's answer, a phone follow-up, a reopen at the tier that closed the event.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class FollowUpTests(FollowUpHostFixture fixture) : IClassFixture<FollowUpHostFixture>
{
    private const string Unit = "bantou-g1-u1";
    private const string OtherUnit = "bantou-g2-u1";
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Not_fixed_reopens_the_event_at_the_unit_in_a_new_round_with_a_fresh_deadline_and_fixed_closes_it_for_good()
    {
        var unitHead = SampleDirectory.IdentityOf(Unit);
        var (eventId, token) = await host.CaptureAsync(Unit);
        var first = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, unitHead, new { tier = "unit", decision = "resolve", outcome = "fixed" })).StatusCode);
        var asked = await host.WaitForEventAsync(eventId, e => FollowUpState(e) == "open");
        Assert.Equal(("resolved", "follow-up"), (asked["status"]!.GetValue<string>(), EscalationEndToEndTests.Stage(asked)));

        using (var notFixed = await FeedbackAsync(token, new { @fixed = false, satisfaction = 2, comment = "Still blocked on the third floor" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, notFixed.StatusCode);
        }

        var reopened = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "open" && EscalationEndToEndTests.Stage(e) == "awaiting-review"
            && e["round"]!.GetValue<int>() > asked["round"]!.GetValue<int>() && e.TimelineKinds().Count(k => k == "review-requested") == 2);
        Assert.Equal("unit", EscalationEndToEndTests.Tier(reopened));
        Assert.Equal(1, reopened["reopenCount"]!.GetValue<int>());
        Assert.True(reopened["deadlineUtc"]!.GetValue<DateTimeOffset>() > first["deadlineUtc"]!.GetValue<DateTimeOffset>(), "the reopened round has a fresh deadline");
        var kinds = reopened.TimelineKinds();
        Assert.Equal(["resolved", "follow-up-requested", "follow-up-answered", "reopened", "arrived", "review-requested"], kinds.SkipWhile(k => k != "resolved"));

        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, unitHead, new { tier = "unit", decision = "resolve", outcome = "fixed", note = "Cleared with both families" })).StatusCode);
        await host.WaitForEventAsync(eventId, e => FollowUpState(e) == "open");
        using (var fixedIt = await FeedbackAsync(token, new { @fixed = true, satisfaction = 5 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, fixedIt.StatusCode);
        }

        var done = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "done");
        Assert.Equal(("resolved", "answered", true, 5), (done["status"]!.GetValue<string>(), FollowUpState(done),
            done["followUp"]!["fixed"]!.GetValue<bool>(), done["followUp"]!["satisfaction"]!.GetValue<int>()));

        // A second answer to the follow-up that has its answer: 409, and nothing written.
        var before = await host.QuietCountAllAsync();
        using (var again = await FeedbackAsync(token, new { @fixed = false, satisfaction = 1 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await host.CountAllAsync());

        // The resident heard every change through the channel, never by phone number (the fixture checks every body).
        var updates = await host.Notifications.WaitForReporterUpdatesAsync(eventId, m => m.Count(u => u.Subject == ReporterUpdateKinds.FollowUpRequested) == 2);
        Assert.Equal(
            ["received", "resolved", "follow-up-requested", "reopened", "with-tier", "resolved", "follow-up-requested"],
            updates.OrderBy(u => u.MessageId, StringComparer.Ordinal).Select(u => u.Subject));
        Assert.All(updates, u => Assert.Equal("app", u.ApplicationProperties["channel"]));
        Assert.All(updates, u => Assert.Empty(PublishedNotifications.CheckReporterUpdate(u)));

        // Points for the fix paid once, the reopen charged: capture 1 + review 1 − reopen 3 + fix 5 = 4; and the figures.
        var month = done["capturedAt"]!.GetValue<DateTimeOffset>().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var head = await WaitForHonourRollAsync(month, "p-bantou-g1-u1", e => e["followUp"]!["followUps"]!.GetValue<long>() == 2 && e["points"]!.GetValue<int>() == 4);
        Assert.Equal((2, 2, 1, 1), (head["followUp"]!["followUps"]!.GetValue<long>(), head["followUp"]!["answered"]!.GetValue<long>(),
            head["followUp"]!["satisfied"]!.GetValue<long>(), head["followUp"]!["reopened"]!.GetValue<long>()));
        Assert.Equal((1.0, 0.5, 0.5), (head["followUp"]!["responseRate"]!.GetValue<double>(), head["followUp"]!["satisfactionRate"]!.GetValue<double>(),
            head["followUp"]!["reopenRate"]!.GetValue<double>()));
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var stats = await GetAsync($"/api/stats?nodeId={Unit}&from={day.AddDays(-1):yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}");
        Assert.Equal((2, 2, 1, 1), (stats["followUpByTier"]!["unit"]!["followUps"]!.GetValue<long>(), stats["followUpByTier"]!["unit"]!["answered"]!.GetValue<long>(),
            stats["followUpByTier"]!["unit"]!["satisfied"]!.GetValue<long>(), stats["followUpByTier"]!["unit"]!["reopened"]!.GetValue<long>()));
        Assert.Equal((1, 1, 0), (stats["captured"]!.GetValue<long>(), stats["closed"]!.GetValue<long>(), stats["openNow"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_grid_head_records_a_phone_follow_up_and_the_resident_cannot_answer_it_again()
    {
        var (eventId, token) = await host.CaptureAsync(OtherUnit);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, SampleDirectory.IdentityOf(OtherUnit), new { tier = "unit", decision = "resolve", outcome = "fixed" })).StatusCode);
        await host.WaitForEventAsync(eventId, e => FollowUpState(e) == "open");

        using var request = TestHost.As(HttpMethod.Post, $"/api/events/{eventId}/follow-ups", SampleDirectory.IdentityOf("bantou-g2"));
        request.Content = JsonContent.Create(new { @fixed = true, satisfaction = 4, comment = "Called her: the stairwell is clear" });
        using var recorded = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);

        var done = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "done");
        var answered = done["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "follow-up-answered")!;
        Assert.Equal(SampleDirectory.Node("bantou-g2").Responsible.PersonId, answered["actorId"]!.GetValue<string>());
        Assert.Contains("phone follow-up", answered["note"]!.GetValue<string>(), StringComparison.Ordinal);
        using var resident = await FeedbackAsync(token, new { @fixed = true, satisfaction = 5 });
        Assert.Equal(HttpStatusCode.Conflict, resident.StatusCode);
    }

    [Fact]
    public async Task The_watchdog_leaves_a_waiting_follow_up_alone_and_restarts_a_lost_one_with_the_same_window()
    {
        const string unit = "bantou-g1-u2";
        var (eventId, token) = await host.CaptureAsync(unit);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, SampleDirectory.IdentityOf(unit), new { tier = "unit", decision = "resolve", outcome = "fixed" })).StatusCode);
        var asked = await host.WaitForEventAsync(eventId, e => FollowUpState(e) == "open");
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var watchdog = host.Services.GetRequiredService<EventWatchdog>();

        // Closed but in its follow-up: listed, running, nothing to repair.
        var healthy = await watchdog.RunAsync(durable, CancellationToken.None);
        Assert.Equal(0, healthy.Broken);

        await durable.TerminateInstanceAsync(eventId);
        await durable.WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var repair = await watchdog.RunAsync(durable, CancellationToken.None);
        Assert.Equal(1, repair.Repaired);
        var repaired = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("repaired"));
        Assert.Equal((asked["round"]!.GetValue<int>(), asked["followUp"]!["endsUtc"]!.GetValue<DateTimeOffset>()),
            (repaired["round"]!.GetValue<int>(), repaired["followUp"]!["endsUtc"]!.GetValue<DateTimeOffset>()));

        using (var answer = await FeedbackAsync(token, new { @fixed = true, satisfaction = 5 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "done" && FollowUpState(e) == "answered");
        var done = await durable.WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    private async Task<HttpResponseMessage> FeedbackAsync(string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tracking/feedback") { Content = JsonContent.Create(body) };
        request.Headers.Add(TrackEventFunction.TokenHeader, token);
        return await host.Http.SendAsync(request);
    }

    private async Task<JsonNode> WaitForHonourRollAsync(string month, string personId, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var roll = await GetAsync($"/api/honour-roll?nodeId=bantou&month={month}");
            var entry = roll["ranked"]!.AsArray().FirstOrDefault(e => e!["personId"]!.GetValue<string>() == personId);
            if (entry is not null && condition(entry))
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, "The honour roll did not catch up: " + roll.ToJsonString());
            await Task.Delay(250);
        }
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var request = TestHost.As(HttpMethod.Get, path, SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static string? FollowUpState(JsonNode view) => view["followUp"]?["state"]?.GetValue<string>();
}

/// <summary>A follow-up window of four seconds: long enough to see it open, short enough to see it end.</summary>
public sealed class ShortFollowUpHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "02:00:00",
        ["Grassroots:ReminderLead"] = "00:00:00",
        ["Grassroots:FollowUp:Window"] = "00:00:04",
    };
}

[Collection(AzuriteTestGroup.Name)]
public sealed class FollowUpWindowTests(ShortFollowUpHostFixture fixture) : IClassFixture<ShortFollowUpHostFixture>
{
    private const string Unit = "bantou-g1-u2";
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task No_answer_by_the_end_of_the_window_is_recorded_as_no_reply_and_a_later_answer_is_refused_without_writing()
    {
        var (eventId, token) = await host.CaptureAsync(Unit);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal(HttpStatusCode.Accepted, (await host.ReviewAsync(eventId, SampleDirectory.IdentityOf(Unit), new { tier = "unit", decision = "resolve", outcome = "fixed" })).StatusCode);

        var done = await host.WaitForEventAsync(eventId, e => e["followUp"]?["state"]?.GetValue<string>() == "no-reply");
        Assert.Equal(["follow-up-requested", "follow-up-no-reply"], done.TimelineKinds().SkipWhile(k => k != "follow-up-requested"));
        Assert.Equal(("resolved", "done"), (done["status"]!.GetValue<string>(), EscalationEndToEndTests.Stage(done)));

        var before = await host.QuietCountAllAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tracking/feedback") { Content = JsonContent.Create(new { @fixed = false, satisfaction = 1 }) };
        request.Headers.Add(TrackEventFunction.TokenHeader, token);
        using var late = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await host.CountAllAsync());
    }
}
