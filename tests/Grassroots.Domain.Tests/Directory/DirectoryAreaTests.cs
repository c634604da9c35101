using System.Text.Json.Nodes;
using Grassroots.Domain.Locations;

namespace Grassroots.Domain.Tests;

public sealed class DirectoryAreaTests
{
    private static JsonObject Circle(double lat = 25.43, double lon = 119.0, double radius = 80) =>
        new() { ["center"] = new JsonArray(lat, lon), ["radiusMeters"] = radius };

    [Fact]
    public void A_unit_may_have_an_area_and_the_built_directory_carries_it()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["area"] = Circle();

        var unit = doc.Build().FindNode("unit")!;

        var circle = Assert.IsType<CircleArea>(unit.Area);
        Assert.Equal(80, circle.RadiusMeters);
        Assert.Null(doc.Build().FindNode("unit2")!.Area);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Only_units_have_an_area(int nodeIndex)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(nodeIndex)["area"] = Circle();

        var problem = Assert.Single(doc.Problems());

        Assert.Equal($"nodes[{nodeIndex}].area", problem.Path);
        Assert.Contains("Only units", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_area_is_named_by_its_path_in_the_file()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(8)["area"] = Circle(radius: 9000);

        Assert.Equal("nodes[8].area.radiusMeters", Assert.Single(doc.Problems()).Path);
    }

    [Fact]
    public void An_area_of_the_wrong_json_type_cannot_be_read_and_the_path_says_where()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(8)["area"] = new JsonObject { ["polygon"] = "around the block" };

        var ex = Assert.Throws<DirectoryFormatException>(() => DirectoryDocument.Parse(doc.ToJsonString()));

        Assert.StartsWith("nodes[8].area.polygon", Assert.Single(ex.Problems).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void With_city_bounds_every_area_must_lie_inside_the_city()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["area"] = Circle(lat: 39.9, lon: 116.4);
        var document = DirectoryDocument.Parse(doc.ToJsonString());

        Assert.Empty(DirectoryValidator.Validate(document));
        Assert.Equal("nodes[5].area", Assert.Single(DirectoryValidator.Validate(document, new GeoBounds(24.9, 118.4, 25.8, 119.6))).Path);
    }
}
