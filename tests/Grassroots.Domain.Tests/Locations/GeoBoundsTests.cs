using Grassroots.Domain.Locations;

namespace Grassroots.Domain.Tests.Locations;

public sealed class GeoBoundsTests
{
    private static readonly GeoBounds Putian = new(24.9, 118.4, 25.8, 119.6);

    [Theory]
    [InlineData(25.4310, 119.0077, true)]
    [InlineData(24.9, 118.4, true)]   // corners belong to the city
    [InlineData(25.8, 119.6, true)]
    [InlineData(24.8999, 119.0, false)]
    [InlineData(25.4, 118.3999, false)]
    [InlineData(39.9042, 116.4074, false)]
    public void A_point_belongs_to_the_city_when_it_lies_within_its_rectangle_edges_included(double lat, double lon, bool inside) =>
        Assert.Equal(inside, Putian.Contains(new GeoPoint(lat, lon)));

    [Theory]
    [InlineData(25.8, 118.4, 24.9, 119.6)]   // south above north
    [InlineData(24.9, 119.6, 25.8, 118.4)]   // west east of east
    [InlineData(-91, 118.4, 25.8, 119.6)]
    [InlineData(24.9, 118.4, 25.8, 181)]
    public void Corners_that_make_no_rectangle_on_earth_are_a_problem(double south, double west, double north, double east) =>
        Assert.NotNull(new GeoBounds(south, west, north, east).Problem());

    [Fact]
    public void The_model_citys_rectangle_is_no_problem() => Assert.Null(Putian.Problem());
}
