using Grassroots.Domain.Reporting;

namespace Grassroots.Domain.Tests.Reporting;

public sealed class HonourRollTests
{
    [Fact]
    public void A_head_below_the_minimum_number_of_events_is_not_ranked_however_many_points()
    {
        var places = HonourRoll.Rank(
            [new UnitHeadMonth("p-fast", "Fast", "u1", 7, 1), new UnitHeadMonth("p-steady", "Steady", "u2", 6, 5)],
            minimumEvents: 5);
        Assert.Equal(["p-steady"], places.Select(p => p.Head.PersonId));
    }

    [Fact]
    public void Heads_rank_by_points_then_events_and_equal_heads_share_a_rank()
    {
        var places = HonourRoll.Rank(
            [
                new UnitHeadMonth("p-b", "B", "u2", 20, 6),
                new UnitHeadMonth("p-a", "A", "u1", 20, 6),
                new UnitHeadMonth("p-c", "C", "u3", 20, 9),
                new UnitHeadMonth("p-d", "D", "u4", 12, 9),
            ],
            minimumEvents: 1);
        Assert.Equal([("p-c", 1), ("p-a", 2), ("p-b", 2), ("p-d", 4)], places.Select(p => (p.Head.PersonId, p.Rank)));
    }

    [Fact]
    public void Newer_events_sort_first_in_a_queue()
    {
        var older = NewestFirstKey.For(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "EV1");
        var newer = NewestFirstKey.For(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), "EV2");
        Assert.True(string.CompareOrdinal(newer, older) < 0);
    }

    [Fact]
    public void An_event_belongs_to_the_node_where_something_happened_and_every_node_above()
    {
        string[] chain = ["u1", "g1", "c1", "t1", "d1", "city"];
        Assert.Equal(["c1", "t1", "d1", "city"], EventAncestry.From(chain, "c1"));
        Assert.Equal(chain, EventAncestry.From(chain, "elsewhere"));
        Assert.Equal(["c1", "t1", "d1", "city"], EventAncestry.HonourRollNodes(chain));
    }
}
