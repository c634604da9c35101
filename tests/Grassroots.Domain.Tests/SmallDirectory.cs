using System.Text.Json.Nodes;

namespace Grassroots.Domain.Tests;

/// <summary>
/// A valid directory just big enough for the rules: one chain city → district → town → community → grid → unit, a
/// second community with its own grid and unit, and one department the town and district may dispatch to.
/// Tests take a fresh copy, break one thing, and look at what the validator says.
/// </summary>
internal static class SmallDirectory
{
    public static JsonObject Json() => new()
    {
        ["schemaVersion"] = 1,
        ["nodes"] = new JsonArray(
            Node("city", "city", null),          // nodes[0]
            Node("dist", "district", "city"),    // nodes[1]
            Node("town", "town", "dist"),        // nodes[2]
            Node("comm", "community", "town"),   // nodes[3]
            Node("grid", "grid", "comm"),        // nodes[4]
            Node("unit", "unit", "grid"),        // nodes[5]
            Node("comm2", "community", "town"),  // nodes[6]
            Node("grid2", "grid", "comm2"),      // nodes[7]
            Node("unit2", "unit", "grid2")),     // nodes[8]
        ["departments"] = new JsonArray(Department("lands", "town", "dist")),
    };

    public static JsonObject Node(string id, string tier, string? parentId) => new()
    {
        ["id"] = id,
        ["name"] = $"Node {id}",
        ["tier"] = tier,
        ["parentId"] = parentId,
        ["responsible"] = Person($"p-{id}"),
        ["notificationTarget"] = $"app:p-{id}",
    };

    public static JsonObject Department(string id, params string[] dispatchableBy) => new()
    {
        ["id"] = id,
        ["name"] = $"Department {id}",
        ["queueName"] = $"dept-{id}",
        ["dispatchableBy"] = new JsonArray([.. dispatchableBy.Select(n => (JsonNode?)JsonValue.Create(n))]),
        ["contact"] = Person($"p-{id}-desk", identityId: $"app-{id}"),
        ["resolveWithinWorkingDays"] = 5,
    };

    public static JsonObject Person(string personId, string? identityId = null) => new()
    {
        ["personId"] = personId,
        ["name"] = $"Name of {personId}",
        ["role"] = "Role",
        ["contact"] = "+86 594 000 0000",
        ["identityId"] = identityId ?? $"id-{personId}",
    };

    public static JsonObject NodeAt(this JsonObject doc, int index) => doc["nodes"]![index]!.AsObject();

    public static JsonObject DepartmentAt(this JsonObject doc, int index) => doc["departments"]![index]!.AsObject();

    public static JsonArray Nodes(this JsonObject doc) => doc["nodes"]!.AsArray();

    public static JsonArray Departments(this JsonObject doc) => doc["departments"]!.AsArray();

    public static IReadOnlyList<DirectoryProblem> Problems(this JsonObject doc) =>
        DirectoryValidator.Validate(DirectoryDocument.Parse(doc.ToJsonString()));

    public static OrgDirectory Build(this JsonObject doc) => OrgDirectory.From(DirectoryDocument.Parse(doc.ToJsonString()));
}
