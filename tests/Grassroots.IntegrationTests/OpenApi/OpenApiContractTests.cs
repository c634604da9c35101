using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.IntegrationTests.Open311;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.OpenApi;

/// <summary>
/// Every operation of openapi.json answered for real within the document: a successful call of each, its request and
/// response bodies checked against the schemas. The error answers are checked the same way by the bad-input corpus.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class OpenApiContractTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string AdminRole = "Grassroots.Admin";
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Every_operation_answers_a_real_successful_call_as_the_document_describes()
    {
        var document = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/openapi.json"), HttpStatusCode.OK);
        Assert.Equal("3.1.0", document!["openapi"]!.GetValue<string>());
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/health"), HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, "/api/health"), HttpStatusCode.OK);

        var unit = SampleDirectory.Node("bantou-g1-u1");
        var reportBody = ValidBodies.Report(unit.Id).With("lat", 25.43).With("long", 119.01).With("address", "Building 3, Bantou resettlement estate").ToJsonString();
        var capture = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(reportBody, System.Text.Encoding.UTF8, "application/json") };
        capture.Headers.Add("Idempotency-Key", "contract-" + Guid.NewGuid().ToString("N"));
        var key = capture.Headers.GetValues("Idempotency-Key").Single();
        var captured = await SendAsync(capture, HttpStatusCode.Accepted);
        var eventId = captured!["eventId"]!.GetValue<string>();
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(reportBody, System.Text.Encoding.UTF8, "application/json") };
        again.Headers.Add("Idempotency-Key", key);
        await SendAsync(again, HttpStatusCode.OK);

        // Located by lat/long alone: the unit whose area contains the point (the sample's block, bantou-g1-u1).
        var locatedBody = ValidBodies.Report(unit.Id).Without("unitId").With("lat", 25.4305).With("long", 119.0006).ToJsonString();
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(locatedBody, System.Text.Encoding.UTF8, "application/json") }, HttpStatusCode.Accepted);

        var tracking = new HttpRequestMessage(HttpMethod.Get, "/api/tracking");
        tracking.Headers.Add("X-Tracking-Token", captured["trackingToken"]!.GetValue<string>());
        await SendAsync(tracking, HttpStatusCode.OK);

        var view = await host.WaitForEventAsync(eventId, e => Events.Holds(e, Tier.Unit));
        var located = await SendAsync(TestHost.As(HttpMethod.Get, $"/api/events/{eventId}", unit.Responsible.IdentityId), HttpStatusCode.OK);
        Assert.Equal(25.43, located!["location"]!["lat"]!.GetValue<double>());
        Assert.Equal("Building 3, Bantou resettlement estate", located["location"]!["address"]!.GetValue<string>());
        var review = TestHost.As(HttpMethod.Post, $"/api/events/{eventId}/reviews", unit.Responsible.IdentityId);
        review.Content = JsonContent.Create(ValidBodies.Review("unit").With("round", view["round"]!.GetValue<int>()).With("note", "Passed up"));
        await SendAsync(review, HttpStatusCode.Accepted);

        var dispatchedId = await host.CaptureAndDispatchAsync("bantou-g1-u2", Tier.Town, "chengxiang-housing");
        var dispatched = await host.WaitForEventAsync(dispatchedId, e => e["stage"]!.GetValue<string>() == "dispatched");
        var report = TestHost.As(HttpMethod.Post, $"/api/events/{dispatchedId}/department-reports",
            SampleDirectory.Directory.FindDepartment("chengxiang-housing")!.Contact.IdentityId);
        report.Content = JsonContent.Create(ValidBodies.DepartmentReport().With("round", dispatched["round"]!.GetValue<int>()));
        await SendAsync(report, HttpStatusCode.Accepted);

        var month = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(Admin(HttpMethod.Get, "/api/nodes/bantou/events?status=open&pageSize=5"), HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, "/api/stats?nodeId=bantou"), HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, $"/api/honour-roll?nodeId=bantou&month={month}"), HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, $"/api/nodes/bantou/breaches?month={month}"), HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, "/api/people/p-bantou-g1-u1/breaches"), HttpStatusCode.OK);
        var me = await SendAsync(TestHost.As(HttpMethod.Get, "/api/me", SampleDirectory.IdentityOf("xialin-street")), HttpStatusCode.OK);
        Assert.Contains(me!["nodes"]![0]!["dispatchTo"]!.AsArray(), d => d!["departmentId"]!.GetValue<string>() == "chengxiang-housing");
        await SendAsync(TestHost.As(HttpMethod.Get, "/api/me/inbox?pageSize=5", unit.Responsible.IdentityId), HttpStatusCode.OK);
        // The inbox is projected right after the step that set the stage: give it the moment it may still need.
        var housing = SampleDirectory.Directory.FindDepartment("chengxiang-housing")!.Contact.IdentityId;
        for (var waited = 0; ; waited++)
        {
            var desk = await SendAsync(TestHost.As(HttpMethod.Get, "/api/me/inbox", housing), HttpStatusCode.OK);
            if (desk!["items"]!.AsArray().Any(i => i!["eventId"]!.GetValue<string>() == dispatchedId) || waited == 30)
            {
                Assert.Contains(desk["items"]!.AsArray(), i => i!["eventId"]!.GetValue<string>() == dispatchedId);
                break;
            }

            await Task.Delay(500);
        }

        await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/app/index.html"), HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/app/app.js"), HttpStatusCode.OK);
        var import = Admin(HttpMethod.Post, "/api/directory/import");
        import.Content = new StringContent(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "config", "putian-directory.json")), System.Text.Encoding.UTF8, "application/json");
        await SendAsync(import, HttpStatusCode.OK);
        await SendAsync(Admin(HttpMethod.Get, "/api/directory/imports?top=5"), HttpStatusCode.OK);

        await Open311CallsAsync(unit.Id, captured["trackingToken"]!.GetValue<string>());
        await FollowUpCallsAsync("bantou-g2-u2");

        var succeeded = OpenApiContract.Seen.Where(s => s.Status is >= 200 and < 300).Select(s => s.Operation).ToHashSet();
        var unanswered = OpenApiContract.Operations.Where(o => !succeeded.Contains(o)).ToList();
        Assert.True(unanswered.Count == 0, "No successful call checked: " + string.Join(", ", unanswered));
    }

    [Theory]
    [InlineData("/api/events/EV1", 200, "application/json", "{\"eventId\": \"EV1\", \"status\": \"open\"}")]
    [InlineData("/api/tracking", 200, "application/json", "{\"event\": {\"eventId\": 7}, \"original\": null}")]
    [InlineData("/api/events/EV1", 404, "application/problem+json", "{\"status\": \"404\"}")]
    [InlineData("/api/events/EV1", 404, "application/json", "{\"title\": \"Not found.\", \"status\": 404}")]
    [InlineData("/api/events/EV1", 500, "application/problem+json", "{\"title\": \"Boom.\", \"status\": 500}")]
    public void An_answer_the_document_does_not_describe_breaks_the_contract(string path, int status, string contentType, string body) =>
        Assert.NotNull(OpenApiContract.Check(HttpMethod.Get, path, null, status, contentType, body));

    private const string Id = "{\"service_request_id\":\"EV1\",";

    private const string Rest =
        "\"status_notes\":null,\"service_name\":\"safety\",\"service_code\":\"safety\",\"description\":\"t\","
        + "\"agency_responsible\":null,\"service_notice\":null,\"requested_datetime\":\"2026-01-01T08:00:00+08:00\",\"updated_datetime\":\"2026-01-01T08:00:00+08:00\","
        + "\"expected_datetime\":null,\"address_id\":\"u1\"";

    private const string Form = "api_key=k&jurisdiction_id=putian&service_code=safety&address_id=u1&description=Sinkhole";
    private const string Posted = "[{\"service_request_id\":\"EV1\",\"service_notice\":\"n\",\"account_id\":null}]";

    [Theory]
    [InlineData("GET", "/api/open311/v2/requests/EV1.json", null, null, 200, "application/json", "[" + Id + "\"status\":\"open\"," + Rest + ",\"lat\":25.43}]", "/0/lat")]
    [InlineData("GET", "/api/open311/v2/requests/EV1.json", null, null, 200, "application/json", "[" + Id + "\"status\":\"pending\"," + Rest + "}]", "/0/status")]
    [InlineData("GET", "/api/open311/v2/requests/EV1.json", null, null, 200, "application/json", "[]", "at least")]
    [InlineData("GET", "/api/open311/v2/requests.json", null, null, 400, "application/json", "[]", "at least")]
    [InlineData("GET", "/api/open311/v2/requests.json", null, null, 400, "application/problem+json", "{\"title\": \"Bad.\", \"status\": 400}", "content type 'application/problem+json' is not listed")]
    [InlineData("GET", "/api/open311/v2/services.xml", null, null, 200, "text/xml", "<services><service>", "not well-formed")]
    [InlineData("GET", "/api/open311/v2/services.xml", null, null, 200, "application/xml", "<services/>", "content type 'application/xml' is not listed")]
    [InlineData("POST", "/api/open311/v2/requests.json", "application/x-www-form-urlencoded", Form + "&email_verified=yes", 200, "application/json", Posted, "/email_verified")]
    [InlineData("POST", "/api/open311/v2/requests.json", "application/x-www-form-urlencoded", "api_key=k&service_code=safety&description=Sinkhole", 200, "application/json", Posted, "address_id")]
    [InlineData("POST", "/api/open311/v2/requests.json", "text/plain", Form, 200, "application/json", Posted, "'text/plain'")]
    public void An_open311_exchange_the_document_does_not_describe_breaks_the_contract(
        string method, string path, string? requestContentType, string? requestBody, int status, string contentType, string body, string breach) =>
        Assert.Contains(breach, OpenApiContract.Check(new HttpMethod(method), path, requestBody, status, contentType, body, requestContentType), StringComparison.Ordinal);

    /// <summary>回访: a resident answers one closed event's follow-up, the grid head records another's by phone.</summary>
    private async Task FollowUpCallsAsync(string unitId)
    {
        var unitHead = SampleDirectory.IdentityOf(unitId);
        var (answered, token) = await host.CaptureAsync(unitId);
        var (phoned, _) = await host.CaptureAsync(unitId);
        foreach (var id in new[] { answered, phoned })
        {
            await host.WaitForEventAsync(id, e => Events.Holds(e, Tier.Unit));
            (await host.ReviewAsync(id, unitHead, ValidBodies.Review("unit").With("decision", "resolve").With("outcome", "fixed"))).Dispose();
            await host.WaitForEventAsync(id, e => e["followUp"]?["state"]?.GetValue<string>() == "open");
        }

        var feedback = new HttpRequestMessage(HttpMethod.Post, "/api/tracking/feedback") { Content = JsonContent.Create(new { @fixed = true, satisfaction = 5, comment = "All clear" }) };
        feedback.Headers.Add("X-Tracking-Token", token);
        await SendAsync(feedback, HttpStatusCode.Accepted);
        var phone = TestHost.As(HttpMethod.Post, $"/api/events/{phoned}/follow-ups", SampleDirectory.IdentityOf(SampleUnits.ChainOf(unitId)[1].Id));
        phone.Content = JsonContent.Create(new { @fixed = true, satisfaction = 4 });
        await SendAsync(phone, HttpStatusCode.Accepted);
    }

    /// <summary>A client's life with the GeoReport v2 adapter: an admin issues its key, it posts form-encoded, reads, and loses its key.</summary>
    private async Task Open311CallsAsync(string unitId, string trackingToken)
    {
        var create = Admin(HttpMethod.Post, "/api/open311/keys");
        create.Content = JsonContent.Create(new { channel = "web", label = "Contract client" });
        var issued = await SendAsync(create, HttpStatusCode.Created);
        var apiKey = issued!["apiKey"]!.GetValue<string>();

        const string Base = "/api/open311/v2";
        var post = new HttpRequestMessage(HttpMethod.Post, $"{Base}/requests.json")
        {
            Content = Open311Keys.ExampleForm(apiKey, unitId, "safety", ("lat", "25.43"), ("long", "119.01")),
        };
        var posted = await SendAsync(post, HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Base}/requests.json") { Content = Open311Keys.LocatedForm(apiKey, 25.4305, 119.0006) }, HttpStatusCode.OK);
        var requestId = posted![0]!["service_request_id"]!.GetValue<string>();

        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/services.json?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/services.xml?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/services/safety.json?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);
        var listed = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/requests.json?jurisdiction_id={Open311Keys.City}&status=open&page_size=20"), HttpStatusCode.OK);
        Assert.NotEmpty(listed!.AsArray());
        var named = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/requests.json?jurisdiction_id={Open311Keys.City}&service_request_id={requestId}"), HttpStatusCode.OK);
        Assert.Equal(requestId, Assert.Single(named!.AsArray())!["service_request_id"]!.GetValue<string>());
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/requests/{requestId}.json?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/requests/{requestId}.xml?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Base}/tokens/{trackingToken}.json?jurisdiction_id={Open311Keys.City}"), HttpStatusCode.OK);

        await SendAsync(Admin(HttpMethod.Delete, $"/api/open311/keys/{issued["keyId"]!.GetValue<string>()}"), HttpStatusCode.NoContent);
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path) => TestHost.As(method, path, SampleDirectory.AdminIdentity, AdminRole);

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync();
            using var response = await host.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");
            var contract = OpenApiContract.Check(
                request.Method, request.RequestUri!.OriginalString, sent, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                request.Content?.Headers.ContentType?.MediaType);
            Assert.True(contract is null, contract);
            return body.Length == 0 || response.Content.Headers.ContentType?.MediaType != "application/json" ? null : JsonNode.Parse(body);
        }
    }
}
