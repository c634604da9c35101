using System.Text.Json;
using Grassroots.LocalHost;
using Json.Schema;

namespace Grassroots.IntegrationTests.Notifications;

/// <summary>The committed notification contract: one JSON schema per message kind under schemas/notifications.</summary>
public static class NotificationSchemas
{
    private static readonly Dictionary<string, JsonSchema> Schemas = Directory
        .GetFiles(Path.Combine(RepositoryRoot.Find(), "schemas", "notifications"), "*.schema.json")
        .ToDictionary(f => Path.GetFileName(f).Replace(".schema.json", "", StringComparison.Ordinal), f => JsonSchema.FromText(File.ReadAllText(f)));

    public static IReadOnlyCollection<string> Kinds => Schemas.Keys;

    /// <returns>Null when the body passes the kind's schema, else what failed.</returns>
    public static string? Check(string kind, BinaryData body)
    {
        if (!Schemas.TryGetValue(kind, out var schema))
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
