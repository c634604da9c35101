using System.Text.Json.Nodes;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// Valid request bodies that a test breaks in one place (<see cref="With"/>, <see cref="Without"/>). A field the contract
/// gains later is added here once, and every case built on these bodies stays a one-fault case.
/// </summary>
public static class ValidBodies
{
    public static JsonObject Review(string tier, string decision = "escalate") => new() { ["tier"] = tier, ["decision"] = decision };

    public static JsonObject DepartmentReport(string kind = "acknowledged") => new() { ["kind"] = kind, ["note"] = "Site visit booked for Tuesday." };

    public static JsonObject Report(string unitId, string channel = "app") => new()
    {
        ["category"] = "dispute",
        ["title"] = "Neighbour dispute over a blocked stairwell",
        ["description"] = "Bicycles and boxes block the stairwell on the third floor;\ntwo families argue about it.",
        ["unitId"] = unitId,
        ["reporter"] = new JsonObject { ["name"] = "Lin Mei", ["phone"] = "+86 138 0000 1234" },
        ["channel"] = channel,
        ["occurredAt"] = "2026-11-20T09:30:00+08:00",
        ["attachments"] = new JsonArray("https://example.org/photos/1.jpg"),
        ["channelReference"] = Guid.NewGuid().ToString("N"),
    };

    /// <summary>A copy with <paramref name="path"/> (dots for nested fields) set to <paramref name="value"/>.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        var (parent, name) = Locate(copy, path);
        parent[name] = value;
        return copy;
    }

    public static JsonObject Without(this JsonObject body, string path)
    {
        var copy = (JsonObject)body.DeepClone();
        var (parent, name) = Locate(copy, path);
        parent.Remove(name);
        return copy;
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        return (parent, parts[^1]);
    }
}
