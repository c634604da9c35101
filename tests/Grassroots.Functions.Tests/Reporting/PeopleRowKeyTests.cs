using Grassroots.Domain.Events;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Functions.Tests.Reporting;

/// <summary>
/// A person's month under a node is keyed by the tier they answer for, so the honour roll reads the unit heads' key
/// range only and a node's breach summary reads every tier's, each one range of one partition.
/// </summary>
public sealed class PeopleRowKeyTests
{
    private static readonly string[] Chain = ["u1", "g1", "c1", "t1", "d1", "city"];
    private static readonly DateTimeOffset At = new(2026, 10, 14, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly EventFacts Facts = new("EV1", Chain, At, "dispute", "Fence", "u1", EventStatus.Open, "p-u1", "Head of u1", WasOverdue: false);
    private readonly ProjectionPlanner planner = new(new ScoringRules(ScoringRules.Defaults), TimeZoneInfo.Utc);

    [Fact]
    public void A_grid_head_s_breach_is_counted_outside_the_unit_heads_range_under_the_grid_and_every_node_above()
    {
        var plan = planner.ForBreach(Facts, new BreachRecord("EV1", 3, BreachKinds.Review, "grid", "g1", "p-g1", "Head of g1", At, At));

        var rows = plan.Counters.Where(c => c.Table == ProjectionTable.PeopleMonthly).ToList();
        Assert.Equal(["g1~2026-10", "c1~2026-10", "t1~2026-10", "d1~2026-10", "city~2026-10"], rows.Select(r => r.Partition).Distinct());
        Assert.All(rows, r => Assert.Equal("p~grid~p-g1", r.CounterKey));
        Assert.All(rows, r => Assert.False(InUnitHeadsRange(r.CounterKey)));
        Assert.All(rows, r => Assert.True(InEveryoneRange(r.CounterKey)));
    }

    [Fact]
    public void A_unit_head_s_points_and_own_breaches_share_one_row_inside_the_unit_heads_range()
    {
        var captured = planner.ForStep(Facts, new StepRecord("EV1", 1, At, TimelineKinds.Arrived, "unit", "u1", null, null, null, null, null));
        var missed = planner.ForBreach(Facts, new BreachRecord("EV1", 2, BreachKinds.Review, "unit", "u1", "p-u1", "Head of u1", At, At));

        var keys = captured.Counters.Concat(missed.Counters).Where(c => c.Table == ProjectionTable.PeopleMonthly).Select(c => c.CounterKey).Distinct();
        var key = Assert.Single(keys);
        Assert.Equal("p~unit~p-u1", key);
        Assert.True(InUnitHeadsRange(key));
    }

    [Theory]
    [InlineData("p~unit~p-u1", "p-u1")]
    [InlineData("p~town~p-xialin-street", "p-xialin-street")]
    [InlineData("p~city~a~b", "a~b")]
    public void The_person_id_is_everything_after_the_tier(string rowKey, string personId) =>
        Assert.Equal(personId, PeopleNames.PersonIdOf(rowKey));

    private static bool InUnitHeadsRange(string key) =>
        string.CompareOrdinal(key, PeopleNames.UnitHeadsStart) >= 0 && string.CompareOrdinal(key, PeopleNames.UnitHeadsEnd) < 0;

    private static bool InEveryoneRange(string key) =>
        string.CompareOrdinal(key, PeopleNames.PersonPrefix) >= 0 && string.CompareOrdinal(key, PeopleNames.PersonEnd) < 0;
}
