using System.Net;
using System.Text.Json.Nodes;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>Directory files made from the sample one with a change, and importing them as an admin.</summary>
public static class DirectoryImports
{
    /// <summary>The sample directory with a change applied.</summary>
    public static JsonObject Sample(Action<JsonObject>? change = null)
    {
        var doc = JsonNode.Parse(File.ReadAllText(SampleDirectory.Path))!.AsObject();
        change?.Invoke(doc);
        return doc;
    }

    public static JsonObject NodeOf(this JsonObject doc, string nodeId) =>
        doc["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == nodeId)!.AsObject();

    /// <summary>Adds <paramref name="count"/> units under grid xialin-g3 (ids <c>bulk-xialin-g3-u0000</c>, …), each with its own head.</summary>
    public static void AddBulkUnits(this JsonObject doc, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = BulkUnitId(i);
            doc["nodes"]!.AsArray().Add(new JsonObject
            {
                ["id"] = id,
                ["name"] = $"Bulk building {i}",
                ["tier"] = "unit",
                ["parentId"] = "xialin-g3",
                ["responsible"] = Person("p-" + id, new Guid(i + 1, 0xb1c, 0, new byte[8]).ToString()),
                ["notificationTarget"] = "app:p-" + id,
            });
        }
    }

    public static string BulkUnitId(int index) => $"bulk-xialin-g3-u{index:D4}";

    public static JsonObject Person(string personId, string identityId) => new()
    {
        ["personId"] = personId,
        ["name"] = "Name of " + personId,
        ["role"] = "unit head",
        ["contact"] = "+86 594 000 0000",
        ["identityId"] = identityId,
    };

    public static JsonObject Deputy(JsonObject person, DateTimeOffset from, DateTimeOffset until) =>
        new() { ["person"] = person, ["from"] = from.ToString("O"), ["until"] = until.ToString("O") };

    public static async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(this TestHost host, JsonObject doc, string query = "")
    {
        using var request = TestHost.As(HttpMethod.Post, "/api/directory/import" + query, SampleDirectory.AdminIdentity, "Grassroots.Admin");
        request.Content = TestHost.Json(doc.ToJsonString());
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(body)!);
    }

    /// <summary>GET as someone, answering the status only (for "may they still see it?").</summary>
    public static async Task<HttpStatusCode> StatusOfGetAsync(this TestHost host, string path, string identity, params string[] roles)
    {
        using var request = TestHost.As(HttpMethod.Get, path, identity, roles);
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    public static IReadOnlyList<string> Ids(this JsonNode changes, string kind, string change) =>
        changes[kind]![change]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
}
