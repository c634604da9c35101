using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Grassroots.Domain;
using Grassroots.Functions.Events;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Open311;

public sealed class Open311HostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "00:10:00",
        ["Grassroots:ReminderLead"] = "00:00:00",
    };
}

/// <summary>
/// GeoReport v2 (open311.github.io GeoReport_v2/index.md, the spec's own examples): each test names the example whose
/// fields, types and codes it holds our answers to.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class Open311ConformanceTests(Open311HostFixture fixture) : IClassFixture<Open311HostFixture>
{
    private const string Unit = "bantou-g1-u1";
    private const string Base = "/api/open311/v2";
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address_id",
    ];

    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Service_list_has_the_fields_and_types_of_the_specs_GET_Service_List_example()
    {
        var services = await GetArrayAsync($"{Base}/services.json?jurisdiction_id=putian");

        Assert.Contains(services, s => s!["service_code"]!.GetValue<string>() == "dispute");
        foreach (var service in services)
        {
            Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], Names(service!));
            Assert.Equal(JsonValueKind.False, service!["metadata"]!.GetValueKind());
            Assert.Equal("realtime", service["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Service_list_in_xml_has_the_specs_root_and_elements()
    {
        using var response = await Host.Http.GetAsync($"{Base}/services.xml?jurisdiction_id=putian");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal("services", root.Name.LocalName);
        Assert.All(root.Elements(), s => Assert.Equal("service", s.Name.LocalName));
        Assert.Equal("false", root.Elements().First().Element("metadata")!.Value);
    }

    [Fact]
    public async Task Service_definition_has_the_shape_of_the_specs_GET_Service_Definition_example()
    {
        using var response = await Host.Http.GetAsync($"{Base}/services/dispute.json?jurisdiction_id=putian");
        var definition = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dispute", definition["service_code"]!.GetValue<string>());
        Assert.Empty(definition["attributes"]!.AsArray());
    }

    [Fact]
    public async Task Post_answers_as_the_specs_POST_Service_Request_example_and_the_request_reads_as_the_GET_Service_Request_example()
    {
        var (key, _) = await Host.CreateAsync();
        using var posted = await Host.Http.PostAsync($"{Base}/requests.json", Open311Keys.ExampleForm(key, Unit));
        var answer = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("application/json", posted.Content.Headers.ContentType?.MediaType);
        var created = Assert.Single(answer)!;
        Assert.Equal(["service_request_id", "service_notice", "account_id"], Names(created));
        Assert.Null(created["account_id"]);
        var id = created["service_request_id"]!.GetValue<string>();

        var request = Assert.Single(await GetArrayAsync($"{Base}/requests/{id}.json?jurisdiction_id=putian"))!;
        Assert.Equal(RequestFields, Names(request));
        Assert.Equal("open", request["status"]!.GetValue<string>());
        Assert.Equal("safety", request["service_code"]!.GetValue<string>());
        Assert.Equal(Unit, request["address_id"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", request["requested_datetime"]!.GetValue<string>());
        var text = request.ToJsonString();
        Assert.DoesNotContain("john", text, StringComparison.Ordinal);
        Assert.DoesNotContain("111111111", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5th street", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_form_posted_twice_is_one_request()
    {
        var (key, _) = await Host.CreateAsync();
        var form = Open311Keys.ExampleForm(key, Unit);
        var body = await form.ReadAsStringAsync();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            using var posted = await Host.Http.PostAsync($"{Base}/requests.json", content);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            ids.Add(JsonNode.Parse(await posted.Content.ReadAsStringAsync())![0]!["service_request_id"]!.GetValue<string>());
        }

        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_request_posted_form_encoded_escalates_like_any_event_and_reads_closed_once_resolved()
    {
        var (key, _) = await Host.CreateAsync("web");
        using var posted = await Host.Http.PostAsync($"{Base}/requests.xml", Open311Keys.ExampleForm(key, Unit, "dispute"));
        var xml = XDocument.Parse(await posted.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("service_requests", xml.Name.LocalName);
        var id = xml.Element("request")!.Element("service_request_id")!.Value;

        var chain = SampleUnits.ChainOf(Unit);
        await Host.WaitForEventAsync(id, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal("web", (await Host.Services.GetRequiredService<EventReader>().FindAsync(id))!.Row.Channel);
        (await Host.ReviewAsync(id, chain[0], Tier.Unit, "escalate")).Dispose();
        await Host.WaitForEventAsync(id, e => EscalationEndToEndTests.Tier(e) == "grid" && EscalationEndToEndTests.Stage(e) == "awaiting-review");

        var atGrid = Assert.Single(await GetArrayAsync($"{Base}/requests/{id}.json?jurisdiction_id=putian"))!;
        Assert.Equal("open", atGrid["status"]!.GetValue<string>());
        Assert.StartsWith("grid ", atGrid["agency_responsible"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(atGrid["expected_datetime"]);

        (await Host.ReviewAsync(id, chain[1], Tier.Grid, "resolve", outcome: "fixed")).Dispose();
        await Host.WaitForEventAsync(id, e => e["status"]!.GetValue<string>() != "open");

        var closed = Assert.Single(await GetArrayAsync($"{Base}/requests/{id}.json?jurisdiction_id=putian"))!;
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Contains("grid", closed["status_notes"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(closed["expected_datetime"]);

        // The listing (the city's work-queue partitions) shows it closed too, once the projection has it.
        JsonArray listed = [];
        for (var attempt = 0; attempt < 50 && !listed.Any(r => r!["service_request_id"]!.GetValue<string>() == id); attempt++)
        {
            await Task.Delay(200);
            listed = await GetArrayAsync($"{Base}/requests.json?jurisdiction_id=putian&status=closed&service_code=dispute");
        }

        var row = Assert.Single(listed, r => r!["service_request_id"]!.GetValue<string>() == id)!;
        Assert.Equal(RequestFields, Names(row));
        Assert.Equal("closed", row["status"]!.GetValue<string>());
        Assert.DoesNotContain(await GetArrayAsync($"{Base}/requests.json?jurisdiction_id=putian&status=open"), r => r!["service_request_id"]!.GetValue<string>() == id);
        Assert.Single(await GetArrayAsync($"{Base}/requests.json?jurisdiction_id=putian&service_request_id={id},EV00000000000000-nothere"));
    }

    [Fact]
    public async Task A_token_names_its_request_as_the_specs_GET_service_request_id_from_a_token_example()
    {
        var (eventId, token) = await Host.CaptureAsync(Unit);

        var found = Assert.Single(await GetArrayAsync($"{Base}/tokens/{token}.json?jurisdiction_id=putian"))!;

        Assert.Equal(["service_request_id", "token"], Names(found));
        Assert.Equal(eventId, found["service_request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_in_the_specs_error_example()
    {
        using var posted = await Host.Http.PostAsync($"{Base}/requests.json", Open311Keys.ExampleForm("xyz", Unit));
        var errors = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        var error = Assert.Single(errors)!;
        Assert.Equal(["code", "description"], Names(error));
        Assert.Equal(403, error["code"]!.GetValue<int>());
        Assert.Equal("Invalid api_key received -- can't proceed with create_request.", error["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_key_no_longer_posts()
    {
        var (key, keyId) = await Host.CreateAsync();
        using (var revoke = TestHost.As(HttpMethod.Delete, $"/api/open311/keys/{keyId}", SampleDirectory.AdminIdentity, "Grassroots.Admin"))
        using (var revoked = await Host.Http.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var posted = await Host.Http.PostAsync($"{Base}/requests.json", Open311Keys.ExampleForm(key, Unit));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
    }

    // The sample directory's unit areas (config/putian-directory.json): a block's outline, an estate's circle with a
    // shop's circle inside it, and a block astride the 25.44° line (listed under two index cells).
    [Theory]
    [InlineData(25.4305, 119.0006, "bantou-g1-u1")]  // inside the block's outline
    [InlineData(25.4322, 119.0031, "bantou-g1-u3")]  // the shop, inside the estate too: the smaller area wins
    [InlineData(25.4312, 119.0030, "bantou-g1-u2")]  // the estate, away from the shop
    [InlineData(25.4402, 119.0105, "xialin-g1-u1")]  // north of the 25.44° line
    [InlineData(25.4398, 119.0105, "xialin-g1-u1")]  // south of it: the same block from the other cell
    [InlineData(25.4510, 119.0210, "dongxing-g1-u1")] // another district
    public async Task A_request_located_only_by_lat_and_long_lands_at_the_unit_whose_area_contains_the_point(double lat, double lon, string unitId)
    {
        var (key, _) = await Host.CreateAsync();
        using var posted = await Host.Http.PostAsync($"{Base}/requests.json", Open311Keys.LocatedForm(key, lat, lon));
        var body = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, body);
        var id = JsonNode.Parse(body)![0]!["service_request_id"]!.GetValue<string>();

        var request = Assert.Single(await GetArrayAsync($"{Base}/requests/{id}.json?jurisdiction_id=putian"))!;
        Assert.Equal(unitId, request["address_id"]!.GetValue<string>());
        var held = await Host.WaitForEventAsync(id, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        Assert.Equal(unitId, held["currentNodeId"]!.GetValue<string>());
        var row = (await Host.Services.GetRequiredService<EventReader>().FindAsync(id))!.Row;
        Assert.Equal((lat, lon), (row.Latitude, row.Longitude));
        Assert.Equal(SampleUnits.ChainOf(unitId).Select(n => n.Id), JsonSerializer.Deserialize<List<string>>(row.ChainJson));
    }

    [Fact]
    public async Task With_both_address_id_and_lat_long_the_address_id_names_the_unit()
    {
        var (key, _) = await Host.CreateAsync();
        using var posted = await Host.Http.PostAsync($"{Base}/requests.json",
            Open311Keys.ExampleForm(key, "dingfu-g1-u1", "safety", ("lat", "25.4305"), ("long", "119.0006")));
        var body = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, body);
        var id = JsonNode.Parse(body)![0]!["service_request_id"]!.GetValue<string>();

        var row = (await Host.Services.GetRequiredService<EventReader>().FindAsync(id))!.Row;
        Assert.Equal("dingfu-g1-u1", row.UnitId);
        Assert.Equal(25.4305, row.Latitude);
    }

    [Fact]
    public async Task The_same_located_form_posted_twice_is_one_request()
    {
        var (key, _) = await Host.CreateAsync();
        var body = await Open311Keys.LocatedForm(key, 25.4305, 119.0006).ReadAsStringAsync();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            using var posted = await Host.Http.PostAsync($"{Base}/requests.json", content);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            ids.Add(JsonNode.Parse(await posted.Content.ReadAsStringAsync())![0]!["service_request_id"]!.GetValue<string>());
        }

        Assert.Equal(ids[0], ids[1]);
    }

    private async Task<JsonArray> GetArrayAsync(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    private static List<string> Names(JsonNode node) => node.AsObject().Select(p => p.Key).ToList();
}
