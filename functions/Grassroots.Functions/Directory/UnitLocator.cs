using Grassroots.Domain;
using Grassroots.Domain.Locations;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Directory;

/// <summary>
/// Finds the unit a point lies in through the unit areas of the directory: one query of the point's cell in
/// UnitAreaCells (the units whose area touches that cell, however many units the city has), the rule of
/// <see cref="UnitAreaChoice"/>, then a point read of the chosen unit's node row.
/// </summary>
public sealed class UnitLocator(GrassrootsTables tables, DirectoryStore directory)
{
    /// <summary>
    /// At most this many units listed under one cell are considered: far more than a 0.01° cell holds in a dense city
    /// (about 1 km², a few dozen buildings), so the work of one lookup stays bounded even if a directory overlaps badly.
    /// </summary>
    public const int MaxCandidates = 1000;

    /// <returns>The unit's id; null when no unit's area contains the point.</returns>
    public async Task<string?> FindUnitAsync(GeoPoint point, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.UnitAreaCells);
        var candidates = new List<(UnitAreaCandidate Candidate, string AreaJson)>();
        await foreach (var row in table.QueryAsync<UnitAreaCellRow>(r => r.PartitionKey == AreaCell.Of(point), maxPerPage: MaxCandidates, cancellationToken: cancellationToken))
        {
            candidates.Add((new UnitAreaCandidate(row.RowKey, UnitArea.FromJson(row.AreaJson)), row.AreaJson));
            if (candidates.Count == MaxCandidates)
            {
                break;
            }
        }

        // The node row is the truth and the cell index follows it: a cell row an interrupted import left behind (its area
        // no longer the unit's, or the unit gone) is passed over, and the next unit containing the point is taken.
        var areas = candidates.ToDictionary(c => c.Candidate.UnitId, c => c.AreaJson, StringComparer.Ordinal);
        foreach (var unitId in UnitAreaChoice.Covering(point, candidates.Select(c => c.Candidate)))
        {
            var node = await directory.FindNodeRowAsync(unitId, cancellationToken);
            if (node is not null && node.Tier == Tier.Unit.ToWireName() && node.AreaJson == areas[unitId])
            {
                return unitId;
            }
        }

        return null;
    }
}
