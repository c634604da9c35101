using System.Globalization;

namespace Grassroots.Domain.Locations;

/// <summary>
/// The coarse grid that indexes unit areas: cells of 0.01° × 0.01° (about 1.1 km × 1 km in Putian). An area is listed
/// under every cell its bounding box touches, so the units whose area may contain a point are exactly those listed
/// under the point's own cell: finding them reads one cell, however many units the city has.
/// </summary>
public static class AreaCell
{
    /// <summary>Cells per degree: 100, i.e. 0.01° cells.</summary>
    public const int PerDegree = 100;

    /// <summary>An area may touch at most this many cells (about 20 km × 20 km): a unit is a building or an estate.</summary>
    public const int MaxPerArea = 400;

    /// <summary>The cell a point lies in, as a storage key, e.g. "2543_11901".</summary>
    public static string Of(GeoPoint point) => Key(Index(point.Latitude), Index(point.Longitude));

    /// <summary>The cells a rectangle touches, row by row; empty when it is not a rectangle inside the map.</summary>
    public static IReadOnlyList<string> Covering(GeoBounds box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var (south, north, west, east) = (Index(box.South), Index(box.North), Index(box.West), Index(box.East));
        var cells = new List<string>((north - south + 1) * (east - west + 1));
        for (var lat = south; lat <= north; lat++)
        {
            for (var lon = west; lon <= east; lon++)
            {
                cells.Add(Key(lat, lon));
            }
        }

        return cells;
    }

    /// <summary>How many cells a rectangle touches (without listing them).</summary>
    public static long CountCovering(GeoBounds box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return ((long)Index(box.North) - Index(box.South) + 1) * ((long)Index(box.East) - Index(box.West) + 1);
    }

    // Floor of a product by a positive constant never decreases as the degrees grow, so a point inside a box always
    // falls in one of the box's cells, whatever the rounding of either.
    private static int Index(double degrees) => (int)Math.Floor(degrees * PerDegree);

    private static string Key(int lat, int lon) => string.Create(CultureInfo.InvariantCulture, $"{lat}_{lon}");
}
