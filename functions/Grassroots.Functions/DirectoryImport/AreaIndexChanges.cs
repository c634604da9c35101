using Grassroots.Domain.Locations;
using Grassroots.Functions.Directory;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// What an import changes in the UnitAreaCells index: for each unit whose area the import adds, changes or removes
/// (compared with the stored node rows), the cells of its new area to write and the cells of its old area it no longer
/// touches to delete. Units whose area stays as it was cost nothing, so a repeated import writes no cell.
/// </summary>
public sealed record AreaIndexChanges(IReadOnlyList<UnitAreaCellRow> Writes, IReadOnlyList<UnitAreaCellRow> Deletes)
{
    /// <param name="stored">Unit id → stored area JSON, for units that have one.</param>
    /// <param name="next">Unit id → the imported area JSON, for units that have one.</param>
    public static AreaIndexChanges Between(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> next)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        var writes = new List<UnitAreaCellRow>();
        var deletes = new List<UnitAreaCellRow>();
        foreach (var unitId in stored.Keys.Union(next.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var before = stored.GetValueOrDefault(unitId);
            var after = next.GetValueOrDefault(unitId);
            if (before == after)
            {
                continue;
            }

            var newCells = after is null ? [] : UnitArea.FromJson(after).Cells();
            writes.AddRange(newCells.Select(cell => new UnitAreaCellRow { PartitionKey = cell, RowKey = unitId, AreaJson = after! }));
            var oldCells = before is null ? [] : UnitArea.FromJson(before).Cells();
            deletes.AddRange(oldCells.Except(newCells, StringComparer.Ordinal).Select(cell => new UnitAreaCellRow { PartitionKey = cell, RowKey = unitId }));
        }

        return new AreaIndexChanges(writes, deletes);
    }
}
