using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grassroots.Domain.Locations;

/// <summary>
/// Where a unit lies (a building, a ward, an estate): a polygon or a circle. A report that gives only a point is
/// captured at the unit whose area contains it (<see cref="UnitAreaChoice"/>). Built only through <see cref="Read"/>,
/// which checks every rule, so an area in hand is always usable.
/// </summary>
public abstract record UnitArea
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private protected UnitArea()
    {
    }

    /// <summary>The smallest rectangle holding the area.</summary>
    public abstract GeoBounds BoundingBox { get; }

    /// <summary>Its size on the ground; the smallest area wins where areas overlap.</summary>
    public abstract double SquareMeters { get; }

    public abstract bool Contains(GeoPoint point);

    /// <summary>The index cells (<see cref="AreaCell"/>) the area is listed under.</summary>
    public IReadOnlyList<string> Cells() => AreaCell.Covering(BoundingBox);

    /// <summary>The area in the directory file's own form.</summary>
    public abstract DirectoryAreaEntry ToEntry();

    /// <summary>The directory file's form as compact JSON: the same area always gives the same text.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToEntry(), Json);

    /// <summary>An area stored by <see cref="ToJson"/> (it passed every rule when it was imported).</summary>
    /// <exception cref="FormatException">The text is no area.</exception>
    public static UnitArea FromJson(string json)
    {
        var problems = new List<DirectoryProblem>();
        DirectoryAreaEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<DirectoryAreaEntry>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("A stored unit area is not JSON of the area's shape.", ex);
        }

        return (entry is null ? null : Read(entry, null, "area", problems))
            ?? throw new FormatException("A stored unit area breaks the area rules: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Checks an area as written and builds it, or adds every problem under <paramref name="path"/> and returns null.
    /// With <paramref name="cityBounds"/>, the whole area must lie inside the city's rectangle.
    /// </summary>
    public static UnitArea? Read(DirectoryAreaEntry entry, GeoBounds? cityBounds, string path, List<DirectoryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(problems);
        var isCircle = entry.Center is not null || entry.RadiusMeters is not null;
        if (entry.Polygon is not null && isCircle)
        {
            problems.Add(new(path, "Gives both polygon and center/radiusMeters; an area is one or the other."));
            return null;
        }

        var before = problems.Count;
        UnitArea? area = entry.Polygon is not null ? PolygonArea.Read(entry.Polygon, $"{path}.polygon", problems)
            : isCircle ? CircleArea.Read(entry.Center, entry.RadiusMeters, path, problems)
            : null;
        if (area is null)
        {
            if (problems.Count == before)
            {
                problems.Add(new(path, "Is empty: give {\"polygon\": [[lat, long], ...]} or {\"center\": [lat, long], \"radiusMeters\": r}."));
            }

            return null;
        }

        var box = area.BoundingBox;
        if (Math.Abs(box.South) > LocalProjection.MaxAbsLatitude || Math.Abs(box.North) > LocalProjection.MaxAbsLatitude)
        {
            problems.Add(new(path, $"Reaches beyond latitude ±{LocalProjection.MaxAbsLatitude}; unit areas are for inhabited latitudes."));
            return null;
        }

        if (box.West < -180 || box.East > 180)
        {
            problems.Add(new(path, "Crosses the 180th meridian; split the unit's area or move its center."));
            return null;
        }

        if (AreaCell.CountCovering(box) > AreaCell.MaxPerArea)
        {
            problems.Add(new(path, $"Spans {box.North - box.South:0.###}° × {box.East - box.West:0.###}°: more than {AreaCell.MaxPerArea} index cells of 0.01°; a unit is a building or an estate, at most about 20 km across."));
            return null;
        }

        if (cityBounds is not null
            && (box.South < cityBounds.South || box.North > cityBounds.North || box.West < cityBounds.West || box.East > cityBounds.East))
        {
            problems.Add(new(path, $"Lies partly outside the city (latitude {cityBounds.South} to {cityBounds.North}, longitude {cityBounds.West} to {cityBounds.East}, Grassroots__Intake__CityBounds)."));
            return null;
        }

        return area;
    }

    /// <summary>A [lat, long] pair as a point, or null after adding what is wrong with it.</summary>
    private protected static GeoPoint? ReadPoint(IReadOnlyList<double>? pair, string path, List<DirectoryProblem> problems)
    {
        if (pair is null || pair.Count != 2)
        {
            problems.Add(new(path, "Must be [lat, long]: two numbers, degrees (WGS 84), latitude first."));
            return null;
        }

        var latitude = GeoPoint.LatitudeProblem(pair[0]);
        var longitude = GeoPoint.LongitudeProblem(pair[1]);
        if (latitude is not null)
        {
            problems.Add(new($"{path}[0]", $"Latitude {latitude}."));
        }

        if (longitude is not null)
        {
            problems.Add(new($"{path}[1]", $"Longitude {longitude}."));
        }

        return latitude is null && longitude is null ? new GeoPoint(pair[0], pair[1]) : null;
    }
}
