using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using Grassroots.Domain;
using Grassroots.Functions.Intake;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>Capturing, reviewing and reading events over HTTP, as a channel and as directory people would.</summary>
public static class Events
{
    public static string Report(string unitId, string? reference = null, string title = "Neighbour dispute over a blocked stairwell", string category = "dispute") =>
        JsonSerializer.Serialize(new
        {
            category,
            title,
            description = "Bicycles and boxes block the stairwell on the third floor; two families argue about it.",
            unitId,
            reporter = new { name = "Lin Mei", phone = "+86 138 0000 1234" },
            channel = "app",
            occurredAt = "2026-11-20T09:30:00+08:00",
            attachments = new[] { "https://example.org/photos/1.jpg" },
            channelReference = reference ?? Guid.NewGuid().ToString("N"),
        });

    public static async Task<(string EventId, string TrackingToken)> CaptureAsync(this TestHost host, string unitId)
    {
        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(Report(unitId)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var json = JsonNode.Parse(body)!;
        return (json["eventId"]!.GetValue<string>(), json["trackingToken"]!.GetValue<string>());
    }

    /// <summary>Posts a review; without a <c>round</c> in it, it answers the round the event shows now, as a reviewer's client would.</summary>
    public static async Task<HttpResponseMessage> ReviewAsync(this TestHost host, string eventId, string reviewerIdentity, object review)
    {
        using var request = TestHost.As(HttpMethod.Post, $"/api/events/{eventId}/reviews", reviewerIdentity);
        request.Content = JsonContent.Create(await host.WithCurrentRoundAsync(eventId, review));
        return await host.Http.SendAsync(request);
    }

    /// <summary>The one place review bodies are written, so a field every review needs is added here only.</summary>
    public static object ReviewBody(string tier, string decision, string? outcome = null, string? note = null, IReadOnlyList<string>? departments = null) =>
        new { tier, decision, outcome, note, departments };

    /// <summary>The one place department-report bodies are written.</summary>
    public static object DepartmentReportBody(string kind, string? reason = null, string? note = null) => new { kind, reason, note };

    /// <summary>A review by the responsible person of <paramref name="reviewer"/>, for the tier the event is expected to be at.</summary>
    public static Task<HttpResponseMessage> ReviewAsync(
        this TestHost host, string eventId, OrgNode reviewer, Tier tier, string decision, string? outcome = null, string? note = null, IReadOnlyList<string>? departments = null) =>
        host.ReviewAsync(eventId, reviewer.Responsible.IdentityId, ReviewBody(tier.ToWireName(), decision, outcome, note, departments));

    /// <summary>A report by the department's contact, signed in as the department's app.</summary>
    public static async Task<HttpResponseMessage> DepartmentReportAsync(this TestHost host, string eventId, string departmentId, string kind, string? reason = null, string? note = null)
    {
        var department = SampleDirectory.Directory.FindDepartment(departmentId) ?? throw new ArgumentException("No department " + departmentId);
        return await host.ReportAsync(eventId, department.Contact.IdentityId, DepartmentReportBody(kind, reason, note));
    }

    /// <summary>Waits for the event at each tier from where it is up to <paramref name="target"/>, and has that tier's head escalate it.</summary>
    public static async Task EscalateUpToAsync(this TestHost host, string eventId, Tier target)
    {
        var view = await host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "awaiting-review");
        var chain = SampleUnits.ChainOf(view["unitId"]!.GetValue<string>());
        foreach (var node in chain.Where(n => n.Tier < target))
        {
            await host.WaitForEventAsync(eventId, e => Holds(e, node.Tier));
            using var escalated = await host.ReviewAsync(eventId, node, node.Tier, "escalate");
            Assert.True(escalated.StatusCode == HttpStatusCode.Accepted, await escalated.Content.ReadAsStringAsync());
        }

        await host.WaitForEventAsync(eventId, e => Holds(e, target));
    }

    /// <summary>Captures an event at the unit, escalates it up to <paramref name="at"/>, whose head dispatches it to the departments.</summary>
    public static async Task<string> CaptureAndDispatchAsync(this TestHost host, string unitId, Tier at, params string[] departments)
    {
        var (eventId, _) = await host.CaptureAsync(unitId);
        await host.EscalateUpToAsync(eventId, at);
        var holder = SampleUnits.ChainOf(unitId).Single(n => n.Tier == at);
        using var dispatched = await host.ReviewAsync(eventId, holder, at, "dispatch", departments: departments);
        Assert.True(dispatched.StatusCode == HttpStatusCode.Accepted, await dispatched.Content.ReadAsStringAsync());
        await host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "dispatched");
        return eventId;
    }

    /// <summary>The event waits for a review at <paramref name="tier"/>.</summary>
    public static bool Holds(JsonNode view, Tier tier) =>
        view["stage"]!.GetValue<string>() == "awaiting-review" && view["currentTier"]!.GetValue<string>() == tier.ToWireName();

    /// <summary>Posts a department's report; without a <c>round</c> in it, it answers the round the event shows now.</summary>
    public static async Task<HttpResponseMessage> ReportAsync(this TestHost host, string eventId, string departmentIdentity, object report)
    {
        using var request = TestHost.As(HttpMethod.Post, $"/api/events/{eventId}/department-reports", departmentIdentity);
        request.Content = JsonContent.Create(await host.WithCurrentRoundAsync(eventId, report));
        return await host.Http.SendAsync(request);
    }

    /// <summary>A review or report body answering <paramref name="round"/>.</summary>
    public static JsonObject WithRound(object body, int round)
    {
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        json["round"] = round;
        return json;
    }

    public static async Task<int> CurrentRoundAsync(this TestHost host, string eventId) =>
        (await host.GetEventAsync(eventId, SampleDirectory.AdminIdentity, "Grassroots.Admin"))["round"]!.GetValue<int>();

    private static async Task<JsonObject> WithCurrentRoundAsync(this TestHost host, string eventId, object body)
    {
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        if (!json.ContainsKey("round"))
        {
            json["round"] = await host.CurrentRoundAsync(eventId);
        }

        return json;
    }

    public static async Task<JsonNode> GetEventAsync(this TestHost host, string eventId, string identity, params string[] roles)
    {
        using var request = TestHost.As(HttpMethod.Get, $"/api/events/{eventId}", identity, roles);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>Polls the event until the condition holds (the orchestration works in the background).</summary>
    public static async Task<JsonNode> WaitForEventAsync(this TestHost host, string eventId, Func<JsonNode, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var identity = SampleDirectory.AdminIdentity;
        while (true)
        {
            using var request = TestHost.As(HttpMethod.Get, $"/api/events/{eventId}", identity, "Grassroots.Admin");
            using var response = await host.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (condition(json))
                {
                    return json;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Event {eventId} did not reach the expected state in time; last: {json.ToJsonString()}");
                }
            }
            else if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Event {eventId} could not be read: {(int)response.StatusCode}");
            }

            await Task.Delay(250);
        }
    }

    public static IReadOnlyList<string> TimelineKinds(this JsonNode view) =>
        view["timeline"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).ToList();

    /// <summary>The steps up to the first close: the follow-up's steps (回访) come after it, in their own time.</summary>
    public static IReadOnlyList<string> TimelineKindsThroughClose(this JsonNode view)
    {
        var kinds = view.TimelineKinds();
        var close = kinds.ToList().IndexOf("resolved");
        return close < 0 ? kinds : kinds.Take(close + 1).ToList();
    }
}
