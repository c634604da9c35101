namespace Grassroots.Domain.Locations;

/// <summary>A unit's area as a point and a radius: enough for a building or a shop whose outline nobody drew.</summary>
public sealed record CircleArea : UnitArea
{
    public const double MinRadiusMeters = 1;
    public const double MaxRadiusMeters = 5000;

    private CircleArea(GeoPoint center, double radiusMeters)
    {
        Center = center;
        RadiusMeters = radiusMeters;
        var north = radiusMeters / LocalProjection.MetersPerDegree;
        var east = radiusMeters / LocalProjection.MetersPerDegreeLongitude(Math.Clamp(center.Latitude, -89.9, 89.9));
        BoundingBox = new GeoBounds(center.Latitude - north, center.Longitude - east, center.Latitude + north, center.Longitude + east);
    }

    public GeoPoint Center { get; }

    public double RadiusMeters { get; }

    public override GeoBounds BoundingBox { get; }

    public override double SquareMeters => Math.PI * RadiusMeters * RadiusMeters;

    public override bool Contains(GeoPoint point) => LocalProjection.DistanceMeters(Center, point) <= RadiusMeters;

    public override DirectoryAreaEntry ToEntry() => new() { Center = [Center.Latitude, Center.Longitude], RadiusMeters = RadiusMeters };

    internal static CircleArea? Read(IReadOnlyList<double>? center, double? radiusMeters, string path, List<DirectoryProblem> problems)
    {
        var point = center is null ? null : ReadPoint(center, $"{path}.center", problems);
        if (center is null)
        {
            problems.Add(new($"{path}.center", "Missing: a circle needs center [lat, long] and radiusMeters."));
        }

        var radiusOk = radiusMeters is >= MinRadiusMeters and <= MaxRadiusMeters;
        if (!radiusOk)
        {
            problems.Add(new($"{path}.radiusMeters", radiusMeters is null
                ? "Missing: a circle needs center [lat, long] and radiusMeters."
                : $"{radiusMeters} is outside {MinRadiusMeters}..{MaxRadiusMeters} metres."));
        }

        return point is { } c && radiusOk ? new CircleArea(c, radiusMeters!.Value) : null;
    }
}
