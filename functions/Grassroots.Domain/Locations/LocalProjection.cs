namespace Grassroots.Domain.Locations;

/// <summary>
/// Metres from degrees on a local equirectangular projection: north-south distance is latitude times the metres of
/// one degree, east-west distance is longitude times that times cos(latitude). A unit's area is at most a few
/// kilometres across (<see cref="CircleArea.MaxRadiusMeters"/>), where this differs from the haversine distance by far
/// less than a GPS fix's own error (under 0.1% at 5 km below 80°), and it keeps polygon areas and circle tests in the
/// same plain arithmetic. Areas are refused near the poles (<see cref="MaxAbsLatitude"/>), where cos(latitude) → 0.
/// </summary>
public static class LocalProjection
{
    /// <summary>Mean Earth radius (IUGG), metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Metres in one degree of latitude (and of longitude at the equator).</summary>
    public const double MetersPerDegree = EarthRadiusMeters * Math.PI / 180;

    /// <summary>No area may reach closer to a pole than this: the approximation and the cells both stretch there.</summary>
    public const double MaxAbsLatitude = 85;

    public static double MetersPerDegreeLongitude(double latitude) => MetersPerDegree * Math.Cos(latitude * Math.PI / 180);

    /// <summary>Distance between two nearby points, metres, measured at their mean latitude.</summary>
    public static double DistanceMeters(GeoPoint a, GeoPoint b)
    {
        var north = (b.Latitude - a.Latitude) * MetersPerDegree;
        var east = (b.Longitude - a.Longitude) * MetersPerDegreeLongitude((a.Latitude + b.Latitude) / 2);
        return Math.Sqrt((north * north) + (east * east));
    }
}
