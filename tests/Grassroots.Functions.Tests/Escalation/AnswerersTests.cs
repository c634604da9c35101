using Grassroots.Domain;
using Grassroots.Functions.Escalation;
using Xunit;

namespace Grassroots.Functions.Tests.Escalation;

public class AnswerersTests
{
    private static readonly IReadOnlyList<ChainLink> Chain =
    [
        new("u1", "Unit 1", Tier.Unit, "p-unit", "Unit head", "t-unit"),
        new("g1", "Grid 1", Tier.Grid, "p-grid", "Grid worker", "t-grid"),
        new("c1", "Community 1", Tier.Community, "p-community", "Community head", "t-community"),
    ];

    [Fact]
    public void The_chain_names_the_people_of_its_tier_and_every_tier_above_it()
    {
        Assert.Equal(["p-grid", "p-community"], ChainLink.PeopleFrom(Chain, 1));
        Assert.Equal(["p-unit", "p-grid", "p-community"], ChainLink.PeopleFrom(Chain, 0));
        Assert.Empty(ChainLink.PeopleFrom(Chain, 3));
    }

    [Fact]
    public void The_people_on_duty_the_read_found_answer_for_the_event_and_the_chain_only_when_it_found_none()
    {
        var found = new HolderAnswer(Chain[1], ["p-deputy", "p-community"], null, null);
        var none = new HolderAnswer(null, [], null, null);

        Assert.Equal(["p-deputy", "p-community"], found.AnswerersOr(ChainLink.PeopleFrom(Chain, 1)));
        Assert.Equal(["p-grid", "p-community"], none.AnswerersOr(ChainLink.PeopleFrom(Chain, 1)));
    }
}
