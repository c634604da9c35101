using System.Text.Json;
using Grassroots.LocalHost;
using Json.Schema;

namespace Grassroots.IntegrationTests.Notifications;

/// <summary>The committed notification contract: one JSON schema per message kind under schemas/notifications.</summary>
public static class NotificationSchemas
{
    private static readonly Dictionary<string, JsonSchema> Schemas = Load("notifications");

    /// <summary>The residents' status messages (reporter-updates topic), one schema per kind under schemas/reporter-updates.</summary>
    private static readonly Dictionary<string, JsonSchema> ReporterSchemas = Load("reporter-updates");

    public static IReadOnlyCollection<string> Kinds => Schemas.Keys;

    public static IReadOnlyCollection<string> ReporterKinds => ReporterSchemas.Keys;

    /// <returns>Null when the body passes the kind's schema, else what failed.</returns>
    public static string? Check(string kind, BinaryData body) => Check(Schemas, kind, body);

    /// <returns>Null when the reporter update passes its kind's schema, else what failed.</returns>
    public static string? CheckReporterUpdate(string kind, BinaryData body) => Check(ReporterSchemas, kind, body);

    private static Dictionary<string, JsonSchema> Load(string folder) => Directory
        .GetFiles(Path.Combine(RepositoryRoot.Find(), "schemas", folder), "*.schema.json")
        .ToDictionary(f => Path.GetFileName(f).Replace(".schema.json", "", StringComparison.Ordinal), f => JsonSchema.FromText(File.ReadAllText(f)));

    private static string? Check(Dictionary<string, JsonSchema> schemas, string kind, BinaryData body)
    {
        if (!schemas.TryGetValue(kind, out var schema))
        {
            return $"no schema for kind '{kind}'";
        }

        using var document = JsonDocument.Parse(body.ToMemory());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? null
            : string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }
}
