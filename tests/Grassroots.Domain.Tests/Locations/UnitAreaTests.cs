using Grassroots.Domain.Locations;

namespace Grassroots.Domain.Tests.Locations;

public sealed class UnitAreaTests
{
    // An L-shaped block (concave), about 220 m × 220 m, near Putian's Bantou community.
    private static readonly DirectoryAreaEntry LShape = Polygon((25.430, 119.000), (25.430, 119.002), (25.431, 119.002), (25.431, 119.001), (25.432, 119.001), (25.432, 119.000));

    private static DirectoryAreaEntry Polygon(params (double Lat, double Long)[] vertices) =>
        new() { Polygon = [.. vertices.Select(v => (IReadOnlyList<double>)[v.Lat, v.Long])] };

    private static DirectoryAreaEntry Circle(double lat, double lon, double radius) => new() { Center = [lat, lon], RadiusMeters = radius };

    private static UnitArea Read(DirectoryAreaEntry entry, GeoBounds? bounds = null)
    {
        var problems = new List<DirectoryProblem>();
        var area = UnitArea.Read(entry, bounds, "area", problems);
        Assert.True(area is not null, string.Join("; ", problems));
        return area;
    }

    private static DirectoryProblem Refused(DirectoryAreaEntry entry, GeoBounds? bounds = null)
    {
        var problems = new List<DirectoryProblem>();
        Assert.Null(UnitArea.Read(entry, bounds, "area", problems));
        return Assert.Single(problems);
    }

    [Theory]
    [InlineData(25.4305, 119.0015, true)]   // the foot of the L
    [InlineData(25.4315, 119.0005, true)]   // the upright
    [InlineData(25.4315, 119.0015, false)]  // the notch the L leaves out
    [InlineData(25.4295, 119.0010, false)]  // south of it
    [InlineData(25.4305, 119.0030, false)]  // east of it
    public void A_point_is_in_a_concave_polygon_only_where_the_outline_encloses_it(double lat, double lon, bool inside) =>
        Assert.Equal(inside, Read(LShape).Contains(new GeoPoint(lat, lon)));

    [Theory]
    [InlineData(25.43089, 119.0000, true)]  // ~99 m north of the center (0.001° of latitude ≈ 111.2 m)
    [InlineData(25.4300, 119.00099, true)]  // ~99.5 m east: a degree of longitude is cos(25.43°) of a degree of latitude
    [InlineData(25.4300, 119.00110, false)] // ~110 m east
    [InlineData(25.4310, 119.0000, false)]  // ~111 m north
    public void A_point_is_in_a_circle_when_it_lies_within_the_radius_on_the_ground(double lat, double lon, bool inside) =>
        Assert.Equal(inside, Read(Circle(25.4300, 119.0000, 100)).Contains(new GeoPoint(lat, lon)));

    [Fact]
    public void The_ground_distance_is_close_to_the_haversine_distance_at_unit_scale()
    {
        var (a, b) = (new GeoPoint(25.43, 119.00), new GeoPoint(25.46, 119.03));   // about 4.4 km apart
        var haversine = 2 * LocalProjection.EarthRadiusMeters * Math.Asin(Math.Sqrt(
            Math.Pow(Math.Sin((b.Latitude - a.Latitude) * Math.PI / 360), 2)
            + (Math.Cos(a.Latitude * Math.PI / 180) * Math.Cos(b.Latitude * Math.PI / 180) * Math.Pow(Math.Sin((b.Longitude - a.Longitude) * Math.PI / 360), 2))));

        Assert.InRange(LocalProjection.DistanceMeters(a, b) / haversine, 0.999, 1.001);
    }

    [Fact]
    public void A_polygons_size_is_measured_in_square_metres_on_the_ground()
    {
        // 0.001° × 0.001° at 25.43°N: 111.2 m × 100.4 m.
        var square = Read(Polygon((25.430, 119.000), (25.430, 119.001), (25.431, 119.001), (25.431, 119.000)));

        Assert.InRange(square.SquareMeters, 11_100, 11_250);
    }

    [Fact]
    public void An_area_is_listed_under_every_cell_its_bounding_box_touches_and_a_point_inside_is_in_one_of_them()
    {
        // Straddles the 0.01° lines at 25.44 and 119.01: four cells.
        var area = Read(Circle(25.4400, 119.0100, 300));

        Assert.Equal(["2543_11900", "2543_11901", "2544_11900", "2544_11901"], area.Cells());
        Assert.Contains(AreaCell.Of(new GeoPoint(25.4420, 119.0080)), area.Cells());
        Assert.Equal("2542_11900", AreaCell.Of(new GeoPoint(25.4299, 119.0001)));
        Assert.Equal("-3387_15120", AreaCell.Of(new GeoPoint(-33.8688, 151.2093)));
    }

    [Fact]
    public void A_small_area_inside_one_cell_is_listed_once() =>
        Assert.Equal(["2543_11900"], Read(Circle(25.4350, 119.0050, 50)).Cells());

    [Fact]
    public void A_closing_vertex_that_repeats_the_first_is_dropped_as_geojson_writes_it()
    {
        var closed = (PolygonArea)Read(Polygon((25.430, 119.000), (25.430, 119.001), (25.431, 119.001), (25.430, 119.000)));

        Assert.Equal(3, closed.Vertices.Count);
    }

    [Fact]
    public void An_area_survives_its_stored_form_unchanged()
    {
        foreach (var area in new[] { Read(LShape), Read(Circle(25.43, 119.0, 250)) })
        {
            Assert.Equal(area, UnitArea.FromJson(area.ToJson()));
            Assert.Equal(area.ToJson(), UnitArea.FromJson(area.ToJson()).ToJson());
        }
    }

    [Fact]
    public void A_polygon_whose_edges_cross_is_refused() =>
        Assert.Contains("not simple", Refused(Polygon((25.430, 119.000), (25.431, 119.001), (25.430, 119.001), (25.431, 119.000))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_polygon_that_folds_back_on_itself_is_refused() =>
        Assert.Contains("not simple", Refused(Polygon((25.430, 119.000), (25.430, 119.002), (25.430, 119.001), (25.431, 119.001))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_polygon_on_one_line_is_refused() =>
        Assert.Contains("no area", Refused(Polygon((25.430, 119.000), (25.431, 119.001), (25.432, 119.002))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(2)]
    [InlineData(201)]
    public void A_polygon_has_3_to_200_vertices(int count)
    {
        var ring = Enumerable.Range(0, count).Select(i => (25.43 + (0.001 * Math.Sin(i * 2 * Math.PI / count)), 119.0 + (0.001 * Math.Cos(i * 2 * Math.PI / count)))).ToArray();

        Assert.Equal("area.polygon", Refused(Polygon(ring)).Path);
    }

    [Fact]
    public void A_vertex_out_of_range_is_named_by_its_index() =>
        Assert.Equal("area.polygon[1][0]", Refused(Polygon((25.430, 119.000), (95, 119.001), (25.431, 119.001))).Path);

    [Fact]
    public void A_vertex_that_is_not_a_pair_is_named_by_its_index() =>
        Assert.Equal("area.polygon[2]", Refused(new DirectoryAreaEntry { Polygon = [[25.43, 119.0], [25.43, 119.001], [25.431]] }).Path);

    [Theory]
    [InlineData(0.5)]
    [InlineData(5001)]
    public void A_radius_lies_between_1_and_5000_metres(double radius) =>
        Assert.Equal("area.radiusMeters", Refused(Circle(25.43, 119.0, radius)).Path);

    [Fact]
    public void A_circle_without_a_center_is_refused() =>
        Assert.Equal("area.center", Refused(new DirectoryAreaEntry { RadiusMeters = 100 }).Path);

    [Fact]
    public void An_area_that_is_both_a_polygon_and_a_circle_is_refused() =>
        Assert.Equal("area", Refused(new DirectoryAreaEntry { Polygon = LShape.Polygon, Center = [25.43, 119.0], RadiusMeters = 10 }).Path);

    [Fact]
    public void An_empty_area_is_refused() => Assert.Equal("area", Refused(new DirectoryAreaEntry()).Path);

    [Fact]
    public void An_area_wider_than_the_index_allows_is_refused() =>
        Assert.Contains("index cells", Refused(Polygon((25.0, 119.0), (25.0, 119.5), (25.5, 119.5))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_polygon_across_the_180th_meridian_is_refused() =>
        Assert.Equal("area", Refused(Polygon((-17.0, 179.999), (-17.0, -179.999), (-17.001, -179.999))).Path);

    [Fact]
    public void An_area_reaching_outside_the_city_is_refused_when_the_city_has_bounds()
    {
        var putian = new GeoBounds(24.9, 118.4, 25.8, 119.6);

        Assert.Contains("outside the city", Refused(Circle(25.7990, 119.0, 500), putian).Message, StringComparison.Ordinal);
        Assert.NotNull(Read(Circle(25.7900, 119.0, 500), putian));
    }
}
