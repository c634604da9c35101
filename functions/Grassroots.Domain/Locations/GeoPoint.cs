namespace Grassroots.Domain.Locations;

/// <summary>A point on the map in WGS 84 degrees, as phones and Open311 clients report it.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Why the number is no latitude, or null when it is one.</summary>
    public static string? LatitudeProblem(double latitude) =>
        double.IsFinite(latitude) && latitude is >= -90 and <= 90 ? null : "must lie between -90 and 90";

    /// <summary>Why the number is no longitude, or null when it is one.</summary>
    public static string? LongitudeProblem(double longitude) =>
        double.IsFinite(longitude) && longitude is >= -180 and <= 180 ? null : "must lie between -180 and 180";
}
