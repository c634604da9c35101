using System.Text.Json;
using Grassroots.Domain;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// What an import asks besides the directory itself: <c>?dryRun=true|false</c>, and <c>moves</c> in the body, beside the
/// directory's own fields: <c>{ "moves": { "nodes": { "removed-node": "target-node" }, "departments": { ... } } }</c>.
/// </summary>
public static class ImportRequest
{
    public static Checked<bool> DryRun(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query["dryRun"];
        return values.Count switch
        {
            0 => Checked.Passed(false),
            1 when string.Equals(values[0], "true", StringComparison.Ordinal) => Checked.Passed(true),
            1 when string.Equals(values[0], "false", StringComparison.Ordinal) => Checked.Passed(false),
            _ => Problem.Field(StatusCodes.Status400BadRequest, "dryRun", "must be given at most once, as true or false"),
        };
    }

    public static Checked<DirectoryMoves> Moves(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("moves", out var moves) || moves.ValueKind == JsonValueKind.Null)
        {
            return Checked.Passed(DirectoryMoves.None);
        }

        if (moves.ValueKind != JsonValueKind.Object)
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "moves", "must be an object with nodes and/or departments");
        }

        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var departments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in moves.EnumerateObject())
        {
            var into = part.Name switch
            {
                "nodes" => nodes,
                "departments" => departments,
                _ => null,
            };
            if (into is null)
            {
                return Problem.Field(StatusCodes.Status400BadRequest, $"moves.{part.Name}", "is not known: moves holds nodes and departments");
            }

            if (part.Value.ValueKind != JsonValueKind.Object)
            {
                return Problem.Field(StatusCodes.Status400BadRequest, $"moves.{part.Name}", "must be an object from each removed id to where its work moves");
            }

            foreach (var move in part.Value.EnumerateObject())
            {
                if (!ReadableId.IsValid(move.Name))
                {
                    return Problem.Field(StatusCodes.Status400BadRequest, $"moves.{part.Name}", "names an id that is not a directory id");
                }

                if (move.Value.ValueKind != JsonValueKind.String || !ReadableId.IsValid(move.Value.GetString()))
                {
                    return Problem.Field(StatusCodes.Status400BadRequest, $"moves.{part.Name}.{move.Name}", "must be the id of where the work moves");
                }

                if (into.Count == DirectoryMoves.MaxPerKind || !into.TryAdd(move.Name, move.Value.GetString()!))
                {
                    return Problem.Field(StatusCodes.Status400BadRequest, $"moves.{part.Name}.{move.Name}", $"is named twice, or there are more than {DirectoryMoves.MaxPerKind} moves");
                }
            }
        }

        return Checked.Passed(new DirectoryMoves(nodes, departments));
    }
}
