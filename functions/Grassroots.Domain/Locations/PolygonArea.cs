namespace Grassroots.Domain.Locations;

/// <summary>
/// A unit's area as a simple polygon (no edge crosses another), vertices [lat, long] in order, the ring closing by
/// itself. Edges are straight lines in degrees, as a map editor draws them at this scale: over a few kilometres the
/// difference from a great-circle edge is centimetres.
/// </summary>
public sealed record PolygonArea : UnitArea
{
    public const int MinVertices = 3;
    public const int MaxVertices = 200;

    private PolygonArea(IReadOnlyList<GeoPoint> vertices)
    {
        Vertices = vertices;
        BoundingBox = new GeoBounds(
            vertices.Min(v => v.Latitude), vertices.Min(v => v.Longitude), vertices.Max(v => v.Latitude), vertices.Max(v => v.Longitude));
        SquareMeters = Math.Abs(SignedDegreeArea(vertices))
            * LocalProjection.MetersPerDegree * LocalProjection.MetersPerDegreeLongitude((BoundingBox.South + BoundingBox.North) / 2);
    }

    public IReadOnlyList<GeoPoint> Vertices { get; }

    public override GeoBounds BoundingBox { get; }

    public override double SquareMeters { get; }

    /// <summary>
    /// Even-odd ray casting in (longitude, latitude). The projection that gives metres scales longitude by one constant
    /// over so small an area, and scaling an axis does not move a point across an edge, so degrees give the same answer.
    /// </summary>
    public override bool Contains(GeoPoint point)
    {
        if (!BoundingBox.Contains(point))
        {
            return false;
        }

        var inside = false;
        for (int i = 0, j = Vertices.Count - 1; i < Vertices.Count; j = i++)
        {
            var (a, b) = (Vertices[i], Vertices[j]);
            if ((a.Latitude > point.Latitude) != (b.Latitude > point.Latitude)
                && point.Longitude < ((b.Longitude - a.Longitude) * (point.Latitude - a.Latitude) / (b.Latitude - a.Latitude)) + a.Longitude)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    public override DirectoryAreaEntry ToEntry() => new() { Polygon = [.. Vertices.Select(v => (IReadOnlyList<double>)[v.Latitude, v.Longitude])] };

    public bool Equals(PolygonArea? other) => other is not null && Vertices.SequenceEqual(other.Vertices);

    public override int GetHashCode() => Vertices.Aggregate(Vertices.Count, (hash, v) => HashCode.Combine(hash, v));

    internal static PolygonArea? Read(IReadOnlyList<IReadOnlyList<double>?> entries, string path, List<DirectoryProblem> problems)
    {
        var before = problems.Count;
        var vertices = new List<GeoPoint>();
        for (var i = 0; i < entries.Count && i <= MaxVertices; i++)
        {
            if (ReadPoint(entries[i], $"{path}[{i}]", problems) is { } vertex)
            {
                vertices.Add(vertex);
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        // GeoJSON repeats the first vertex at the end; the ring closes by itself here, so that copy is dropped.
        if (vertices.Count > 1 && vertices[^1] == vertices[0])
        {
            vertices.RemoveAt(vertices.Count - 1);
        }

        if (vertices.Count is < MinVertices or > MaxVertices)
        {
            problems.Add(new(path, $"Has {(entries.Count > MaxVertices + 1 ? $"more than {MaxVertices}" : vertices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} distinct vertices; a polygon has {MinVertices} to {MaxVertices}."));
            return null;
        }

        for (var i = 0; i < vertices.Count; i++)
        {
            if (vertices[i] == vertices[(i + 1) % vertices.Count])
            {
                problems.Add(new($"{path}[{(i + 1) % vertices.Count}]", $"Repeats vertex {i}; list each corner once."));
                return null;
            }
        }

        if (FirstCrossing(vertices) is { } crossing)
        {
            problems.Add(new(path, $"Is not simple: the edge from vertex {crossing.First} crosses or touches the edge from vertex {crossing.Second}."));
            return null;
        }

        if (SignedDegreeArea(vertices) == 0)
        {
            problems.Add(new(path, "Encloses no area: its vertices lie on one line."));
            return null;
        }

        return new PolygonArea(vertices.AsReadOnly());
    }

    /// <summary>Shoelace formula in square degrees (longitude × latitude).</summary>
    private static double SignedDegreeArea(IReadOnlyList<GeoPoint> vertices)
    {
        var sum = 0.0;
        for (int i = 0, j = vertices.Count - 1; i < vertices.Count; j = i++)
        {
            sum += (vertices[j].Longitude * vertices[i].Latitude) - (vertices[i].Longitude * vertices[j].Latitude);
        }

        return sum / 2;
    }

    /// <summary>The first two edges (by their start vertex) that meet anywhere but at the vertex they share; null for a simple ring.</summary>
    private static (int First, int Second)? FirstCrossing(List<GeoPoint> vertices)
    {
        var n = vertices.Count;
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (vertices[i], vertices[(i + 1) % n]);
            for (var j = i + 1; j < n; j++)
            {
                var (c, d) = (vertices[j], vertices[(j + 1) % n]);
                var adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (adjacent ? FoldsBack(j == i + 1 ? (b, a, d) : (a, b, c)) : SegmentsMeet(a, b, c, d))
                {
                    return (i, j);
                }
            }
        }

        return null;
    }

    // Two edges sharing a vertex meet elsewhere only when they fold back onto each other along one line.
    private static bool FoldsBack((GeoPoint Shared, GeoPoint P, GeoPoint Q) edges) =>
        Orientation(edges.Shared, edges.P, edges.Q) == 0 && Dot(edges.P, edges.Shared, edges.Q) > 0;

    private static double Dot(GeoPoint p, GeoPoint origin, GeoPoint q) =>
        ((p.Longitude - origin.Longitude) * (q.Longitude - origin.Longitude)) + ((p.Latitude - origin.Latitude) * (q.Latitude - origin.Latitude));

    private static bool SegmentsMeet(GeoPoint a, GeoPoint b, GeoPoint c, GeoPoint d)
    {
        var (o1, o2, o3, o4) = (Orientation(a, b, c), Orientation(a, b, d), Orientation(c, d, a), Orientation(c, d, b));
        return (o1 != o2 && o3 != o4)
            || (o1 == 0 && OnSegment(a, c, b)) || (o2 == 0 && OnSegment(a, d, b))
            || (o3 == 0 && OnSegment(c, a, d)) || (o4 == 0 && OnSegment(c, b, d));
    }

    private static int Orientation(GeoPoint p, GeoPoint q, GeoPoint r) =>
        Math.Sign(((q.Longitude - p.Longitude) * (r.Latitude - p.Latitude)) - ((q.Latitude - p.Latitude) * (r.Longitude - p.Longitude)));

    private static bool OnSegment(GeoPoint p, GeoPoint q, GeoPoint r) =>
        q.Longitude <= Math.Max(p.Longitude, r.Longitude) && q.Longitude >= Math.Min(p.Longitude, r.Longitude)
        && q.Latitude <= Math.Max(p.Latitude, r.Latitude) && q.Latitude >= Math.Min(p.Latitude, r.Latitude);
}
