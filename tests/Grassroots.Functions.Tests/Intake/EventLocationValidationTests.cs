using Grassroots.Functions.Intake;

namespace Grassroots.Functions.Tests.Intake;

public sealed class EventLocationValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8));

    // Roughly Putian, the model city.
    private static readonly EventReportValidator Validator = new(new IntakeOptions
    {
        Categories = ["livelihood"],
        Channels = ["app"],
        CityBounds = new CityBoundsOptions { South = 24.9, West = 118.4, North = 25.8, East = 119.6 },
    });

    private static EventReport Valid() => new()
    {
        Category = "livelihood",
        Title = "Disputed floor area",
        Description = "The flat measures 8 m2 less than agreed.",
        UnitId = "bantou-g1-u1",
        Channel = "app",
        OccurredAt = "2026-11-20T09:30:00+08:00",
        ChannelReference = "app-1",
    };

    [Fact]
    public void A_point_inside_the_city_and_an_address_are_kept()
    {
        var report = Validator.Validate(Valid() with { Latitude = 25.4310, Longitude = 119.0077, Address = " Bantou community, building 3, flat 502 " }, Now, false).Report;

        Assert.NotNull(report);
        Assert.Equal(25.4310, report.Point!.Value.Latitude);
        Assert.Equal(119.0077, report.Point!.Value.Longitude);
        Assert.Equal("Bantou community, building 3, flat 502", report.Address);
    }

    [Fact]
    public void A_report_without_a_location_still_passes_and_has_none()
    {
        var report = Validator.Validate(Valid(), Now, false).Report;

        Assert.NotNull(report);
        Assert.Null(report.Point);
        Assert.Null(report.Address);
    }

    [Theory]
    [InlineData(90.0001, 119.0, "lat")]
    [InlineData(-90.5, 119.0, "lat")]
    [InlineData(25.4, 180.01, "long")]
    [InlineData(25.4, -181, "long")]
    [InlineData(double.NaN, 119.0, "lat")]
    public void A_latitude_or_longitude_out_of_range_is_a_shape_error_naming_the_field(double lat, double lon, string field)
    {
        var outcome = Validator.Validate(Valid() with { Latitude = lat, Longitude = lon }, Now, false);

        Assert.Null(outcome.Report);
        Assert.Equal(400, outcome.Status);
        Assert.Contains("must lie between", Assert.Single(outcome.Errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(25.4, null, "long")]
    [InlineData(null, 119.0, "lat")]
    public void A_latitude_without_a_longitude_or_the_reverse_is_refused(double? lat, double? lon, string missing)
    {
        var outcome = Validator.Validate(Valid() with { Latitude = lat, Longitude = lon }, Now, false);

        Assert.Equal(400, outcome.Status);
        Assert.Contains("is required with", Assert.Single(outcome.Errors[missing]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(39.9042, 116.4074)] // Beijing
    [InlineData(24.8999, 119.0)]    // just south of the city
    [InlineData(25.4, 119.6001)]    // just east of it
    public void A_point_outside_the_citys_bounds_is_refused_as_unprocessable(double lat, double lon)
    {
        var outcome = Validator.Validate(Valid() with { Latitude = lat, Longitude = lon }, Now, false);

        Assert.Null(outcome.Report);
        Assert.Equal(422, outcome.Status);
        Assert.Contains("outside the city", Assert.Single(outcome.Errors["lat"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_configured_bounds_any_point_on_earth_is_accepted()
    {
        var unbounded = new EventReportValidator(new IntakeOptions { Categories = ["livelihood"], Channels = ["app"] });

        Assert.NotNull(unbounded.Validate(Valid() with { Latitude = -33.86, Longitude = 151.21 }, Now, false).Report);
    }

    [Theory]
    [InlineData("Flat\u0007502")]
    [InlineData("Building 3\nflat 502")]
    public void An_address_with_control_characters_or_line_breaks_is_refused(string address) =>
        Assert.Equal(400, Validator.Validate(Valid() with { Address = address }, Now, false).Status);

    [Fact]
    public void An_address_longer_than_the_limit_is_refused() =>
        Assert.Equal(400, Validator.Validate(Valid() with { Address = new string('a', EventReportValidator.MaxAddress + 1) }, Now, false).Status);

    [Fact]
    public void A_point_may_stand_in_for_the_unit_which_intake_then_finds_by_its_area()
    {
        var report = Validator.Validate(Valid() with { UnitId = null, Latitude = 25.4310, Longitude = 119.0077 }, Now, false).Report;

        Assert.NotNull(report);
        Assert.Null(report.UnitId);
        Assert.Equal(new Grassroots.Domain.Locations.GeoPoint(25.4310, 119.0077), report.Point);
    }

    [Fact]
    public void A_report_with_neither_a_unit_nor_a_point_is_a_shape_error_naming_the_unit()
    {
        var outcome = Validator.Validate(Valid() with { UnitId = null }, Now, false);

        Assert.Equal(400, outcome.Status);
        Assert.Contains("lat and long", Assert.Single(outcome.Errors, e => e.Key == "unitId").Value[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_outside_the_city_does_not_stand_in_for_the_unit()
    {
        var outcome = Validator.Validate(Valid() with { UnitId = null, Latitude = 39.9, Longitude = 116.4 }, Now, false);

        Assert.Null(outcome.Report);
        Assert.Equal(422, outcome.Status);
        Assert.True(outcome.Errors.ContainsKey("lat"));
    }
}
