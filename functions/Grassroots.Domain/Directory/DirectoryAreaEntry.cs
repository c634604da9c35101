namespace Grassroots.Domain;

/// <summary>
/// A unit's area as written in the directory file: either <c>{"polygon": [[lat, long], ...]}</c> or
/// <c>{"center": [lat, long], "radiusMeters": r}</c> (degrees, WGS 84). Only units carry one; it lets a report that
/// gives only a point find its unit. Every field is nullable so validation, not the parser, names what is wrong.
/// </summary>
public sealed class DirectoryAreaEntry
{
    public IReadOnlyList<IReadOnlyList<double>?>? Polygon { get; init; }
    public IReadOnlyList<double>? Center { get; init; }
    public double? RadiusMeters { get; init; }
}
