using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

/// <summary>Reading compiled ARM templates and Bicep snapshots.</summary>
internal static class ArmJson
{
    /// <summary>Every resource of the template and of the templates of its nested deployments (Bicep modules).</summary>
    public static IEnumerable<JsonObject> CompiledResources(JsonObject template)
    {
        foreach (var resource in ResourcesOf(template))
        {
            yield return resource;
            if (IsType(resource, "Microsoft.Resources/deployments") && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in CompiledResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The resources a snapshot predicts, loops expanded and false conditions left out.</summary>
    public static IReadOnlyList<JsonObject> PredictedResources(JsonObject snapshot) =>
        snapshot["predictedResources"]?.AsArray().OfType<JsonObject>().ToList()
        ?? throw new InvalidOperationException("The snapshot has no predictedResources.");

    public static IEnumerable<JsonObject> WithType(this IEnumerable<JsonObject> resources, string type) =>
        resources.Where(resource => IsType(resource, type));

    public static bool IsType(JsonObject resource, string type) =>
        string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase);

    public static string NameOf(JsonObject resource) =>
        (string?)resource["name"] ?? throw new InvalidOperationException($"A resource has no name: {resource.ToJsonString()}");

    /// <summary>The segments of a child resource's name: namespace/topic/subscription/rule.</summary>
    public static string[] NameSegments(JsonObject resource) => NameOf(resource).Split('/');

    /// <summary>The last segment of an ARM id or name.</summary>
    public static string LastSegment(string value) => value[(value.LastIndexOf('/') + 1)..];

    /// <summary>Every string value under a node, at any depth.</summary>
    public static IEnumerable<string> StringValues(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var value in obj.SelectMany(property => StringValues(property.Value)))
                {
                    yield return value;
                }

                break;
            case JsonArray array:
                foreach (var value in array.SelectMany(StringValues))
                {
                    yield return value;
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return text;
                break;
            default:
                break;
        }
    }

    public static JsonObject ReadFile(string path) =>
        JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidOperationException($"{path} is not a JSON object.");

    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        // languageVersion 2.0 templates key their resources by symbolic name.
        JsonObject symbolic => symbolic.Select(property => property.Value).OfType<JsonObject>(),
        _ => [],
    };
}
