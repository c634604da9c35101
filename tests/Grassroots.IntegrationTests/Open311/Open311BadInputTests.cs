using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Hardening;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Open311;

/// <summary>The Open311 corpus gets its own quiet host, holding one API key, so its row counts see nothing else move.</summary>
public sealed class Open311CorpusFixture : HardeningFixture
{
    public string ApiKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (ApiKey, _) = await Host.CreateAsync();
    }
}

/// <summary>
/// Bad input at the Open311 endpoints, each case one fault away from a valid request: the spec's error array with the
/// code the spec names (403 for the key, 404 for what does not exist, 400 for the rest), as openapi.json describes it,
/// and no table gains or loses a row.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class Open311BadInputTests(Open311CorpusFixture fixture) : IClassFixture<Open311CorpusFixture>
{
    private const string Key = "{key}";
    private const string Base = "/api/open311/v2";

    public sealed record BadRequest(string Name, HttpMethod Method, string Path, int Expected, string? Form = null, string ContentType = "application/x-www-form-urlencoded")
    {
        public override string ToString() => Name;
    }

    private static string Form(params (string Name, string? Value)[] changes)
    {
        var fields = new Dictionary<string, string?>
        {
            ["api_key"] = Key, ["jurisdiction_id"] = "putian", ["service_code"] = "safety", ["address_id"] = HardeningFixture.Unit,
            ["description"] = "A large sinkhole is destroying the street", ["lat"] = "25.43", ["long"] = "119.01",
        };
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return string.Join('&', fields.Where(f => f.Value is not null).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value!)));
    }

    private static BadRequest Post(string name, string form, int expected, string contentType = "application/x-www-form-urlencoded") =>
        new(name, HttpMethod.Post, $"{Base}/requests.json", expected, form, contentType);

    private static BadRequest Get(string name, string path, int expected) => new(name, HttpMethod.Get, Base + path, expected);

    public static TheoryData<BadRequest> Cases() => new(
        Post("post: unknown service_code", Form(("service_code", "potholes")), 404),
        Post("post: no service_code", Form(("service_code", null)), 400),
        Post("post: missing api_key", Form(("api_key", null)), 403),
        Post("post: wrong api_key", Form(("api_key", "xyz")), 403),
        Post("post: lat out of range", Form(("lat", "91")), 400),
        Post("post: long out of range", Form(("long", "-180.5")), 400),
        Post("post: lat without long", Form(("long", null)), 400),
        Post("post: lat not a number", Form(("lat", "north")), 400),
        Post("post: unknown jurisdiction", Form(("jurisdiction_id", "sfgov.org")), 404),
        Post("post: a unit of no unit", Form(("address_id", "no-such-unit")), 404),
        Post("post: no location", Form(("address_id", null), ("lat", null), ("long", null)), 400),
        Post("post: lat/long in no unit's area, no address_id", Form(("address_id", null), ("lat", "25.60"), ("long", "119.30")), 400),
        Post("post: address_string alone", Form(("address_id", null), ("lat", null), ("long", null), ("address_string", "1234 5th street")), 400),
        Post("post: long alone, no address_id", Form(("address_id", null), ("lat", null)), 400),
        Post("post: an attribute no service defines", Form(("attribute[WHISPAWN]", "123456")), 400),
        Post("post: description with a bell", Form(("description", "Sink\u0007hole")), 400),
        Post("post: description too long", Form(("description", new string('d', 4001))), 400),
        Post("post: text/plain", Form(), 400, "text/plain"),
        Post("post: JSON array", "[]", 400, "application/json"),
        Get("list: page 0", "/requests.json?jurisdiction_id=putian&page=0", 400),
        Get("list: page_size 1001", "/requests.json?jurisdiction_id=putian&page_size=1001", 400),
        Get("list: page beyond the first 1000", "/requests.json?jurisdiction_id=putian&page=3&page_size=500", 400),
        Get("list: page not a number", "/requests.json?jurisdiction_id=putian&page=two", 400),
        Get("list: 91 days", "/requests.json?jurisdiction_id=putian&start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z", 400),
        Get("list: start after end", "/requests.json?jurisdiction_id=putian&start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400),
        Get("list: date without offset", "/requests.json?jurisdiction_id=putian&start_date=2026-01-01T00:00:00", 400),
        Get("list: unknown status", "/requests.json?jurisdiction_id=putian&status=pending", 400),
        Get("list: unknown service_code", "/requests.json?jurisdiction_id=putian&service_code=potholes", 400),
        Get("list: no jurisdiction", "/requests.json", 400),
        Get("list: 51 ids", "/requests.json?jurisdiction_id=putian&service_request_id=" + string.Join(',', Enumerable.Range(0, 51)), 400),
        Get("one: unknown request", "/requests/EV20260101000000-nothere0.json?jurisdiction_id=putian", 404),
        Get("one: a format that is neither json nor xml", "/requests/EV20260101000000-nothere0.html?jurisdiction_id=putian", 404),
        Get("services: unknown jurisdiction", "/services.json?jurisdiction_id=sfgov.org", 404),
        Get("definition: unknown service_code", "/services/033.json?jurisdiction_id=putian", 404),
        Get("token: unknown token", "/tokens/12345.json?jurisdiction_id=putian", 404));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_the_specs_error_array_and_writes_nothing(BadRequest c)
    {
        var before = await fixture.CountRowsAsync();
        using var request = new HttpRequestMessage(c.Method, c.Path);
        if (c.Form is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Form.Replace(Uri.EscapeDataString(Key), fixture.ApiKey, StringComparison.Ordinal)));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }

        using var response = await fixture.Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(c.Expected == (int)response.StatusCode, $"{c.Name}: expected {c.Expected}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Assert.IsType<JsonObject>(Assert.Single(JsonNode.Parse(body)!.AsArray()), exactMatch: false);
        Assert.Equal(c.Expected, error["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(error["description"]!.GetValue<string>()));
        Assert.DoesNotContain("Grassroots.", body, StringComparison.Ordinal);
        var contract = OpenApiContract.Check(c.Method, c.Path, c.Form, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, c.ContentType);
        Assert.True(contract is null, $"{c.Name}: {contract}");
        Assert.Equal(before, await fixture.CountRowsAsync());
    }
}
