using Grassroots.Domain.Locations;

namespace Grassroots.Domain.Tests.Locations;

public sealed class UnitAreaChoiceTests
{
    private static readonly GeoPoint InTheShop = new(25.4300, 119.0000);

    private static UnitArea Circle(double lat, double lon, double radius) =>
        UnitArea.Read(new DirectoryAreaEntry { Center = [lat, lon], RadiusMeters = radius }, null, "area", [])!;

    private static UnitArea Square(double south, double west, double size) =>
        UnitArea.Read(new DirectoryAreaEntry { Polygon = [[south, west], [south, west + size], [south + size, west + size], [south + size, west]] }, null, "area", [])!;

    [Fact]
    public void Where_areas_overlap_the_smallest_one_containing_the_point_wins()
    {
        var estate = new UnitAreaCandidate("estate", Square(25.425, 118.995, 0.01));   // about 1.1 km across
        var shop = new UnitAreaCandidate("shop", Circle(25.4300, 119.0000, 30));

        Assert.Equal(["shop", "estate"], UnitAreaChoice.Covering(InTheShop, [estate, shop]));
        Assert.Equal(["estate"], UnitAreaChoice.Covering(new GeoPoint(25.4310, 119.0010), [estate, shop]));
    }

    [Fact]
    public void Areas_of_equal_size_fall_to_the_lower_unit_id_whatever_the_read_order()
    {
        var b = new UnitAreaCandidate("b-unit", Circle(25.4300, 119.0000, 50));
        var a = new UnitAreaCandidate("a-unit", Circle(25.4301, 119.0000, 50));

        Assert.Equal("a-unit", UnitAreaChoice.Covering(InTheShop, [b, a])[0]);
        Assert.Equal("a-unit", UnitAreaChoice.Covering(InTheShop, [a, b])[0]);
    }

    [Fact]
    public void A_point_no_area_contains_finds_no_unit() =>
        Assert.Empty(UnitAreaChoice.Covering(new GeoPoint(25.50, 119.10), [new UnitAreaCandidate("shop", Circle(25.4300, 119.0000, 30))]));
}
