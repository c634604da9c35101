using Grassroots.Domain.Locations;

namespace Grassroots.Functions.Intake;

/// <summary>
/// <c>Grassroots:Intake:CityBounds</c>: the rectangle (degrees, WGS 84) a reported location must lie in. Not set: only
/// the ranges of latitude and longitude are checked.
/// </summary>
public sealed class CityBoundsOptions
{
    public double South { get; set; }
    public double West { get; set; }
    public double North { get; set; }
    public double East { get; set; }

    public GeoBounds ToBounds() => new(South, West, North, East);
}
