using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Open311;

/// <summary>Issuing Open311 API keys as an admin would.</summary>
public static class Open311Keys
{
    public const string City = "putian";

    public static async Task<(string Key, string KeyId)> CreateAsync(this TestHost host, string channel = "web")
    {
        using var request = TestHost.As(HttpMethod.Post, "/api/open311/keys", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        request.Content = JsonContent.Create(new { channel, label = "Test client" });
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var json = JsonNode.Parse(body)!;
        return (json["apiKey"]!.GetValue<string>(), json["keyId"]!.GetValue<string>());
    }

    /// <summary>The spec's example POST, with our service code, unit and key (the sinkhole's point lies outside Putian, so no lat/long here).</summary>
    public static FormUrlEncodedContent ExampleForm(string apiKey, string unitId, string serviceCode = "safety", params (string, string)[] extra) =>
        new(new Dictionary<string, string>
        {
            ["api_key"] = apiKey,
            ["jurisdiction_id"] = City,
            ["service_code"] = serviceCode,
            ["address_string"] = "1234 5th street",
            ["address_id"] = unitId,
            ["email"] = "smit333@sfgov.edu",
            ["device_id"] = "tt222111",
            ["account_id"] = "123456",
            ["first_name"] = "john",
            ["last_name"] = "smith",
            ["phone"] = "111111111",
            ["description"] = "A large sinkhole is destroying the street " + Guid.NewGuid().ToString("N")[..8],
            ["media_url"] = "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
        }.Concat(extra.Select(e => KeyValuePair.Create(e.Item1, e.Item2))));

    /// <summary>The spec's example POST located by <c>lat</c>/<c>long</c> only, as a client that knows no unit ids sends it.</summary>
    public static FormUrlEncodedContent LocatedForm(string apiKey, double lat, double lon, string serviceCode = "safety") =>
        new(new Dictionary<string, string>
        {
            ["api_key"] = apiKey,
            ["jurisdiction_id"] = City,
            ["service_code"] = serviceCode,
            ["lat"] = lat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["long"] = lon.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["address_string"] = "1234 5th street",
            ["first_name"] = "john",
            ["description"] = "A large sinkhole is destroying the street " + Guid.NewGuid().ToString("N")[..8],
        });
}
