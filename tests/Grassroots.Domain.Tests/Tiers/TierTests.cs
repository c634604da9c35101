namespace Grassroots.Domain.Tests;

public class TierTests
{
    [Theory]
    [InlineData(Tier.Unit, "unit")]
    [InlineData(Tier.Grid, "grid")]
    [InlineData(Tier.Community, "community")]
    [InlineData(Tier.Town, "town")]
    [InlineData(Tier.District, "district")]
    [InlineData(Tier.City, "city")]
    public void Each_tier_has_a_lowercase_wire_name_that_reads_back(Tier tier, string wireName)
    {
        Assert.Equal(wireName, tier.ToWireName());
        Assert.True(TierExtensions.TryParseWireName(wireName, out var parsed));
        Assert.Equal(tier, parsed);
    }

    [Theory]
    [InlineData("UNIT", Tier.Unit)]
    [InlineData("Grid", Tier.Grid)]
    [InlineData("village", Tier.Community)]
    [InlineData("Street", Tier.Town)]
    [InlineData("county", Tier.District)]
    [InlineData(" city ", Tier.City)]
    public void Wire_names_are_read_ignoring_case_and_village_street_county_are_aliases(string wireName, Tier expected)
    {
        Assert.True(TierExtensions.TryParseWireName(wireName, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("province")]
    [InlineData("6")]
    public void Anything_else_is_not_a_tier(string? wireName) =>
        Assert.False(TierExtensions.TryParseWireName(wireName, out _));

    [Fact]
    public void Events_climb_one_tier_at_a_time_and_stop_at_the_city()
    {
        var climbed = new List<Tier>();
        for (Tier? tier = Tier.Unit; tier is { } current; tier = current.Above())
        {
            climbed.Add(current);
        }

        Assert.Equal([Tier.Unit, Tier.Grid, Tier.Community, Tier.Town, Tier.District, Tier.City], climbed);
        Assert.Null(Tier.City.Above());
    }

    [Theory]
    [InlineData(Tier.Unit, false)]
    [InlineData(Tier.Grid, false)]
    [InlineData(Tier.Community, false)]
    [InlineData(Tier.Town, true)]
    [InlineData(Tier.District, true)]
    [InlineData(Tier.City, true)]
    public void Only_town_tier_and_above_may_dispatch_to_departments(Tier tier, bool mayDispatch) =>
        Assert.Equal(mayDispatch, tier.MayDispatchToDepartments());

    [Theory]
    [InlineData(Tier.Unit, true)]
    [InlineData(Tier.Grid, true)]
    [InlineData(Tier.Community, true)]
    [InlineData(Tier.Town, false)]
    [InlineData(Tier.City, false)]
    public void Unit_grid_and_community_are_the_grassroots(Tier tier, bool grassroots) =>
        Assert.Equal(grassroots, tier.IsGrassroots());

    [Fact]
    public void A_value_outside_the_six_tiers_has_no_wire_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Tier)0).ToWireName());
}
