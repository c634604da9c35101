using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Intake;

[Collection(AzuriteTestGroup.Name)]
public sealed class IntakeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly string Unit = SampleUnits.UnitUnder("bantou").Id;
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task An_accepted_event_has_its_row_and_an_orchestration_with_the_same_id()
    {
        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(Events.Report(Unit)));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = body["eventId"]!.GetValue<string>();
        Assert.Equal($"/api/events/{eventId}", response.Headers.Location!.OriginalString);
        Assert.False(string.IsNullOrEmpty(body["trackingToken"]!.GetValue<string>()));

        var view = await host.GetEventAsync(eventId, SampleDirectory.IdentityOf(Unit));
        Assert.Equal("open", view["status"]!.GetValue<string>());
        Assert.Equal(Unit, view["unitId"]!.GetValue<string>());
        Assert.Equal("captured", view["timeline"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("*********1234", view["reporter"]!["phone"]!.GetValue<string>());

        var instance = await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(eventId);
        Assert.NotNull(instance);
        Assert.Equal("EventEscalation", instance.Name);
    }

    [Fact]
    public async Task A_report_with_lat_long_and_no_unit_is_captured_at_the_unit_whose_area_contains_the_point()
    {
        // The sample directory's shop (a 20 m circle) inside its estate (150 m): the smaller area wins.
        var report = ValidBodies.Report("unused").Without("unitId").With("lat", 25.4322).With("long", 119.0031);
        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(report.ToJsonString()));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await host.GetEventAsync(body["eventId"]!.GetValue<string>(), SampleDirectory.IdentityOf("bantou-g1-u3"));
        Assert.Equal("bantou-g1-u3", view["unitId"]!.GetValue<string>());
        Assert.Equal(25.4322, view["location"]!["lat"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_report_with_lat_long_in_no_units_area_and_no_unit_is_refused_and_writes_nothing()
    {
        var report = ValidBodies.Report("unused").Without("unitId").With("lat", 25.60).With("long", 119.30);
        var before = await host.CountAsync(TableNames.IdempotencyKeys);

        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(report.ToJsonString()));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(problem["errors"]!["lat"]);
        Assert.Equal(before, await host.CountAsync(TableNames.IdempotencyKeys));
    }

    [Fact]
    public async Task Twenty_concurrent_posts_with_one_key_make_one_event_one_orchestration_and_one_listing_for_the_watchdog()
    {
        var started = DateTimeOffset.UtcNow;
        var eventsBefore = await host.CountAsync(TableNames.Events, "event");
        var keysBefore = await host.CountAsync(TableNames.IdempotencyKeys);
        var report = Events.Report(Unit, reference: "hotline-ticket-77");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await host.Http.PostAsync("/api/events", TestHost.Json(report));
            return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK }));
        var eventId = Assert.Single(responses.Select(r => r.Body["eventId"]!.GetValue<string>()).Distinct());
        Assert.Equal(eventsBefore + 1, await host.CountAsync(TableNames.Events, "event"));
        Assert.Equal(keysBefore + 1, await host.CountAsync(TableNames.IdempotencyKeys));

        var instances = new List<string>();
        await foreach (var instance in host.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance.InstanceId);
        }

        Assert.Single(instances, id => id == eventId);
        Assert.Equal(eventsBefore + 1, instances.Count);
        // Each request listed its own candidate while it claimed the key; the nineteen that lost took theirs back.
        Assert.Equal([eventId], await ListedSinceAsync(started));
    }

    private async Task<IReadOnlyList<string>> ListedSinceAsync(DateTimeOffset since)
    {
        var supervision = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Supervision);
        var listed = new List<string>();
        await foreach (var row in supervision.QueryAsync<SupervisionRow>(r => r.PartitionKey == SupervisionRow.OpenPartition && r.Timestamp >= since))
        {
            listed.Add(row.RowKey);
        }

        return listed;
    }

    [Fact]
    public async Task The_same_key_again_returns_the_same_event_with_200()
    {
        var report = Events.Report(Unit, reference: "wechat-123");
        using var first = await host.Http.PostAsync("/api/events", TestHost.Json(report));
        using var second = await host.Http.PostAsync("/api/events", TestHost.Json(report));
        var firstBody = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var secondBody = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstBody["eventId"]!.GetValue<string>(), secondBody["eventId"]!.GetValue<string>());
        Assert.Equal(firstBody["trackingToken"]!.GetValue<string>(), secondBody["trackingToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_leaves_no_listing_for_the_watchdog()
    {
        var started = DateTimeOffset.UtcNow;
        var eventsBefore = await host.CountAsync(TableNames.Events, "event");
        using var request1 = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = TestHost.Json(Events.Report(Unit)) };
        request1.Headers.Add("Idempotency-Key", "key-1");
        using var first = await host.Http.SendAsync(request1);
        using var request2 = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = TestHost.Json(Events.Report(Unit, title: "Another problem")) };
        request2.Headers.Add("Idempotency-Key", "key-1");
        using var second = await host.Http.SendAsync(request2);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal((HttpStatusCode)422, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        Assert.Equal(eventsBefore + 1, await host.CountAsync(TableNames.Events, "event"));
        Assert.Equal([JsonNode.Parse(await first.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>()], await ListedSinceAsync(started));
    }

    [Fact]
    public async Task The_reporter_follows_the_event_with_the_tracking_token_and_a_wrong_token_gets_404()
    {
        var (eventId, token) = await host.CaptureAsync(Unit);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tracking");
        request.Headers.Add("X-Tracking-Token", token);
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(eventId, body["event"]!["eventId"]!.GetValue<string>());
        Assert.Equal("*********1234", body["event"]!["reporterPhone"]!.GetValue<string>());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/tracking");
        wrong.Headers.Add("X-Tracking-Token", token[..^2] + "xx");
        using var wrongResponse = await host.Http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.NotFound, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task An_unknown_event_id_answers_404_and_no_sign_in_answers_401()
    {
        using var unknown = await host.Http.SendAsync(TestHost.As(HttpMethod.Get, "/api/events/EV0000-NOPE", SampleDirectory.IdentityOf(Unit)));
        using var anonymous = await host.Http.GetAsync("/api/events/EV0000-NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    public static TheoryData<string, Func<JsonObject, string?>, string?, int, string> BadInputs()
    {
        static Func<JsonObject, string?> Set(string field, JsonNode? value) => o => { o[field] = value; return o.ToJsonString(); };
        static Func<JsonObject, string?> Remove(string field) => o => { o.Remove(field); return o.ToJsonString(); };
        static Func<JsonObject, string?> Raw(string raw) => _ => raw;
        var data = new TheoryData<string, Func<JsonObject, string?>, string?, int, string>
        {
            { "malformed JSON", Raw("{\"title\": "), "application/json", 400, "body" },
            { "a JSON array", Raw("[]"), "application/json", 400, "body" },
            { "text/plain", o => o.ToJsonString(), "text/plain", 415, "Content-Type" },
            { "form content type", o => o.ToJsonString(), "application/x-www-form-urlencoded", 415, "Content-Type" },
            { "body over the limit", Set("description", new string('x', 40_000)), "application/json", 413, "body" },
            { "missing category", Remove("category"), "application/json", 400, "category" },
            { "unknown category", Set("category", "fireworks"), "application/json", 422, "category" },
            { "missing title", Remove("title"), "application/json", 400, "title" },
            { "blank title", Set("title", "   "), "application/json", 400, "title" },
            { "title too long", Set("title", new string('t', 121)), "application/json", 400, "title" },
            { "title of the wrong type", Set("title", 42), "application/json", 400, "title" },
            { "missing description", Remove("description"), "application/json", 400, "description" },
            { "description too long", Set("description", new string('d', 4001)), "application/json", 400, "description" },
            { "missing unit", Remove("unitId"), "application/json", 400, "unitId" },
            { "unknown unit", Set("unitId", "no-such-unit"), "application/json", 422, "unitId" },
            { "a grid instead of a unit", Set("unitId", "bantou"), "application/json", 422, "unitId" },
            { "missing channel", Remove("channel"), "application/json", 400, "channel" },
            { "unknown channel", Set("channel", "carrier-pigeon"), "application/json", 422, "channel" },
            { "missing occurredAt", Remove("occurredAt"), "application/json", 400, "occurredAt" },
            { "unparseable occurredAt", Set("occurredAt", "yesterday"), "application/json", 400, "occurredAt" },
            { "occurredAt without offset", Set("occurredAt", "2026-11-20T09:30:00"), "application/json", 400, "occurredAt" },
            { "occurredAt in the future", Set("occurredAt", "2099-01-01T00:00:00+08:00"), "application/json", 422, "occurredAt" },
            { "ftp attachment", Set("attachments", new JsonArray("ftp://example.org/a.jpg")), "application/json", 400, "attachments[0]" },
            { "javascript attachment", Set("attachments", new JsonArray("https://example.org/ok.jpg", "javascript:alert(1)")), "application/json", 400, "attachments[1]" },
            { "relative attachment", Set("attachments", new JsonArray("/photos/1.jpg")), "application/json", 400, "attachments[0]" },
            { "too many attachments", Set("attachments", new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)$"https://example.org/{i}.jpg").ToArray())), "application/json", 400, "attachments" },
            { "reporter phone with letters", o => { o["reporter"] = new JsonObject { ["phone"] = "call me" }; return o.ToJsonString(); }, "application/json", 400, "reporter.phone" },
            { "reporter name too long", o => { o["reporter"] = new JsonObject { ["name"] = new string('n', 61) }; return o.ToJsonString(); }, "application/json", 400, "reporter.name" },
            { "no key and no channel reference", Remove("channelReference"), "application/json", 400, "channelReference" },
            { "channel reference too long", Set("channelReference", new string('r', 129)), "application/json", 400, "channelReference" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_report_gets_its_status_and_a_problem_naming_the_field_and_writes_nothing(
        string why, Func<JsonObject, string?> makeBody, string? contentType, int status, string field)
    {
        var before = await CountAllAsync();
        var body = makeBody((JsonObject)JsonNode.Parse(Events.Report(Unit))!);
        using var content = new StringContent(body ?? "", Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await host.Http.PostAsync("/api/events", content);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(status == (int)response.StatusCode, $"{why}: got {(int)response.StatusCode} {problem.ToJsonString()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(problem["errors"]?[field] is not null, $"{why}: the problem does not name '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, await CountAllAsync());
    }

    // Event rows only: orchestrations of earlier tests keep appending timeline rows in the background.
    private async Task<(int Events, int Keys, int Tokens)> CountAllAsync() =>
        (await host.CountAsync(TableNames.Events, "event"), await host.CountAsync(TableNames.IdempotencyKeys), await host.CountAsync(TableNames.TrackingTokens));

    [Fact]
    public async Task An_overlong_idempotency_key_is_refused_and_writes_nothing()
    {
        var before = await CountAllAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = TestHost.Json(Events.Report(Unit)) };
        request.Headers.Add("Idempotency-Key", new string('k', 200));
        using var response = await host.Http.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        Assert.Equal(before, await CountAllAsync());
    }
}
