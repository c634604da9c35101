using Grassroots.Domain;

namespace Grassroots.Simulator.Tests;

public class YearPlannerTests
{
    private static readonly string[] Units = [.. Enumerable.Range(1, 50).Select(i => $"u{i}")];

    [Fact]
    public void Dealing_gives_exactly_the_rounded_share_of_each_kind()
    {
        var dealt = YearPlanner.Deal([("a", 0.6), ("b", 0.25), ("c", 0.15)], 1001, new Random(1));

        Assert.Equal(601, dealt.Count(k => k == "a"));
        Assert.Equal(250, dealt.Count(k => k == "b"));
        Assert.Equal(150, dealt.Count(k => k == "c"));
    }

    [Fact]
    public void Exactly_the_units_resolve_share_of_all_events_is_resolved_in_time_at_the_unit()
    {
        var settings = new SimulationSettings { Days = 10, EventsPerDay = 500 };

        var plans = YearPlanner.Plan(settings, Units);

        Assert.Equal(5000, plans.Count);
        Assert.Equal(2990, plans.Count(p => p.Acts[Tier.Unit] is { Intent: Intent.Resolve } act && act.InTime(YearPlanner.OvernightWindowDays)));
    }

    [Fact]
    public void Among_events_that_reach_the_grid_under_the_overnight_rule_exactly_the_grids_resolve_share_is_resolved_there()
    {
        var plans = YearPlanner.Plan(new SimulationSettings { Days = 10, EventsPerDay = 500 }, Units);

        var atGrid = plans.Where(p => PathPrediction.For(p, YearPlanner.OvernightWindowDays) is var path && (path.SettledAt > Tier.Unit || path.SettledAt is null)).ToList();
        var resolvedAtGrid = plans.Count(p => PathPrediction.For(p, YearPlanner.OvernightWindowDays).SettledAt == Tier.Grid);

        Assert.Equal(2010, atGrid.Count);
        Assert.Equal(1005, resolvedAtGrid);
    }

    [Fact]
    public void The_default_behaviour_settles_59_8_percent_at_the_unit_and_89_5_at_the_grassroots_under_the_overnight_rule_so_the_closes_land_near_60_and_90()
    {
        var plans = YearPlanner.Plan(new SimulationSettings { Days = 25, EventsPerDay = 200 }, Units);

        var settled = plans.Select(p => PathPrediction.For(p, YearPlanner.OvernightWindowDays).SettledAt).ToList();

        Assert.Equal(0.598, settled.Count(t => t == Tier.Unit) / (double)plans.Count, precision: 3);
        Assert.InRange(settled.Count(t => t <= Tier.Community) / (double)plans.Count, 0.893, 0.897);
    }

    [Fact]
    public void The_same_seed_plans_the_same_year_and_reports_arrive_in_order_within_the_report_days()
    {
        var settings = new SimulationSettings { Days = 4, EventsPerDay = 100, Seed = 11 };

        var first = YearPlanner.Plan(settings, Units);
        var again = YearPlanner.Plan(settings, Units);

        Assert.Equal(first.Select(p => (p.CaptureDay, p.UnitId, p.Category)), again.Select(p => (p.CaptureDay, p.UnitId, p.Category)));
        Assert.Equal(first.Select(p => p.CaptureDay).Order(), first.Select(p => p.CaptureDay));
        Assert.InRange(first[^1].CaptureDay, 3.9, 4.0);
    }

    [Fact]
    public void Behaviour_shares_that_do_not_add_up_to_one_are_refused()
    {
        var behaviour = new Dictionary<Tier, TierBehaviour>(TierBehaviour.Defaults) { [Tier.Grid] = new(0.5, 0, 0.4, 0, 0, 0) };

        Assert.Throws<ArgumentException>(() => YearPlanner.Plan(new SimulationSettings { Behaviour = behaviour }, Units));
    }
}
