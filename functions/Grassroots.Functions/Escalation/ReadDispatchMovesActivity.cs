using System.Text.Json;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>Which departments' parts of one dispatch round an import moved.</summary>
public sealed record DispatchMovesQuery(string EventId, int Round);

/// <summary>
/// Reads the moves an import left on the event row for a dispatch round. The dispatch asks when the directory-change
/// signal arrives, and again when a department reports or a deadline passes, so a lost signal only delays the move.
/// </summary>
/// <remarks>
/// The import writes its moves before it changes the directory, so a move counts only once its department is gone from
/// the directory: an import that stopped before its directory write moves nothing, and its re-run writes the move again.
/// A move whose target is gone as well waits for the import that says where that one's work goes.
/// </remarks>
public sealed class ReadDispatchMovesActivity(DirectoryStore directory, GrassrootsTables tables)
{
    public const string Name = "ReadDispatchMoves";

    [Function(Name)]
    public async Task<IReadOnlyList<PendingDispatchMove>> Run([ActivityTrigger] DispatchMovesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var events = await tables.GetAsync(TableNames.Events);
        var row = await events.GetEntityIfExistsAsync<EventRow>(query.EventId, EventRow.RowKeyValue, select: [nameof(EventRow.PendingDispatchMovesJson)]);
        if (!row.HasValue || row.Value is not { PendingDispatchMovesJson: { Length: > 0 } json })
        {
            return [];
        }

        var moves = new List<PendingDispatchMove>();
        foreach (var move in JsonSerializer.Deserialize<List<PendingDispatchMove>>(json) ?? [])
        {
            if (move.Round == query.Round
                && await directory.FindDepartmentAsync(move.FromDepartmentId) is null
                && await directory.FindDepartmentAsync(move.ToDepartmentId) is not null)
            {
                moves.Add(move);
            }
        }

        return moves;
    }
}
