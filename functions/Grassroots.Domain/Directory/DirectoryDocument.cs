using System.Text.Json;

namespace Grassroots.Domain;

/// <summary>
/// The org directory file (config/putian-directory.json) as written: schema version, nodes and departments, camelCase.
/// Reading it checks only that it is JSON of the right shape; <see cref="DirectoryValidator"/> checks the rules.
/// </summary>
public sealed class DirectoryDocument
{
    /// <summary>The only schema version this code understands.</summary>
    public const int CurrentSchemaVersion = 1;

    // Web defaults: camelCase names, case-insensitive matching. Comments and trailing commas are tolerated because
    // people edit this file by hand; unknown properties such as "$comment" are ignored.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public int? SchemaVersion { get; init; }
    public IReadOnlyList<DirectoryNodeEntry?>? Nodes { get; init; }
    public IReadOnlyList<DirectoryDepartmentEntry?>? Departments { get; init; }

    /// <exception cref="DirectoryFormatException">The text is not JSON, or a value has the wrong JSON type.</exception>
    public static DirectoryDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<DirectoryDocument>(json, Options) ?? throw NullDocument();
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <exception cref="DirectoryFormatException">The content is not JSON, or a value has the wrong JSON type.</exception>
    public static DirectoryDocument Parse(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        try
        {
            return JsonSerializer.Deserialize<DirectoryDocument>(utf8Json, Options) ?? throw NullDocument();
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    private static DirectoryFormatException NullDocument() =>
        new([new DirectoryProblem("", "The document is the JSON literal null; expected an object with schemaVersion, nodes and departments.")]);

    private static DirectoryFormatException Malformed(JsonException ex)
    {
        var location = ex.LineNumber is { } line
            ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})"
            : "";
        // The parser's message names our .NET types, which mean nothing to whoever wrote the file: the path and position do.
        return new DirectoryFormatException(
            [new DirectoryProblem(ToDocumentPath(ex.Path), $"Not readable{location}: not JSON, or a value of the wrong JSON type (a list, object, text or number where another is expected)")],
            ex);
    }

    // System.Text.Json reports "$.nodes[12].parentId"; problems use the file's own terms, "nodes[12].parentId".
    private static string ToDocumentPath(string? jsonPath) => jsonPath switch
    {
        null or "$" => "",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };
}
