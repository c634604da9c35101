namespace Grassroots.Domain.Locations;

/// <summary>A unit and its area, as the index lists it under a cell.</summary>
public sealed record UnitAreaCandidate(string UnitId, UnitArea Area);

/// <summary>
/// Which unit a point belongs to when only the point is known. Areas may overlap (a shop's circle inside its estate's
/// outline): the smallest area containing the point wins, because it is the most specific, and its head is the one
/// closest to the problem; equal sizes fall to the lower unit id (ordinal), so the answer never depends on read order.
/// </summary>
public static class UnitAreaChoice
{
    /// <summary>The units whose area contains the point, the preferred first; empty when no area does.</summary>
    public static IReadOnlyList<string> Covering(GeoPoint point, IEnumerable<UnitAreaCandidate> candidates) =>
        [.. candidates.Where(c => c.Area.Contains(point))
            .OrderBy(c => c.Area.SquareMeters)
            .ThenBy(c => c.UnitId, StringComparer.Ordinal)
            .Select(c => c.UnitId)];
}
