namespace Grassroots.Domain.Locations;

/// <summary>
/// The rectangle a city's events must lie in (south-west to north-east corner). A report placed outside it is a
/// wrong pin or another city's problem, and no tier of this city could act on it.
/// </summary>
public sealed record GeoBounds(double South, double West, double North, double East)
{
    public bool Contains(GeoPoint point) =>
        point.Latitude >= South && point.Latitude <= North
        && point.Longitude >= West && point.Longitude <= East;

    /// <summary>Why the corners make no rectangle, or null when they do.</summary>
    public string? Problem() =>
        (GeoPoint.LatitudeProblem(South) ?? GeoPoint.LatitudeProblem(North)) is not null ? "South and North must lie between -90 and 90"
        : (GeoPoint.LongitudeProblem(West) ?? GeoPoint.LongitudeProblem(East)) is not null ? "West and East must lie between -180 and 180"
        : South >= North ? "South must lie below North"
        : West >= East ? "West must lie west of East"
        : null;
}
