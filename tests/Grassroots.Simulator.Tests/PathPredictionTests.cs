using Grassroots.Domain;

namespace Grassroots.Simulator.Tests;

public class PathPredictionTests
{
    private static EventPlan Plan(params (Tier Tier, Intent Intent, double Days)[] acts)
    {
        var all = Enum.GetValues<Tier>().ToDictionary(t => t, _ => new TierAct(Intent.Never, double.PositiveInfinity));
        foreach (var (tier, intent, days) in acts)
        {
            all[tier] = new TierAct(intent, days);
        }

        return new EventPlan(0, 0, "u1", "dispute", all, new DepartmentAct(1, 0.1, 2.0), null);
    }

    [Fact]
    public void A_unit_head_who_resolves_within_the_day_closes_the_event_then_with_no_breach()
    {
        var path = PathPrediction.For(Plan((Tier.Unit, Intent.Resolve, 0.3)), windowDays: 1);

        Assert.Equal((Tier.Unit, 0.3), (path.SettledAt!.Value, path.DaysToClose!.Value));
        Assert.Empty(path.Breaches);
    }

    [Fact]
    public void A_unit_head_who_never_looks_costs_one_window_and_a_breach_before_the_grid_resolves()
    {
        var path = PathPrediction.For(Plan((Tier.Grid, Intent.Resolve, 0.2)), windowDays: 1);

        Assert.Equal(Tier.Grid, path.SettledAt);
        Assert.Equal(1.2, path.DaysToClose!.Value, precision: 9);
        Assert.Equal([Tier.Unit], path.Breaches);
    }

    [Fact]
    public void A_late_unit_head_is_bypassed_under_the_overnight_rule_but_resolves_under_a_three_day_rule()
    {
        var plan = Plan((Tier.Unit, Intent.Resolve, 1.5), (Tier.Grid, Intent.Resolve, 0.2));

        Assert.Equal(Tier.Grid, PathPrediction.For(plan, windowDays: 1).SettledAt);
        Assert.Equal((Tier.Unit, 1.5), (PathPrediction.For(plan, windowDays: 3).SettledAt!.Value, PathPrediction.For(plan, windowDays: 3).DaysToClose!.Value));
    }

    [Fact]
    public void A_dispatch_closes_when_the_departments_resolve()
    {
        var plan = Plan((Tier.Unit, Intent.Escalate, 0.1), (Tier.Grid, Intent.Escalate, 0.1), (Tier.Community, Intent.Escalate, 0.1), (Tier.Town, Intent.Dispatch, 0.2));

        var path = PathPrediction.For(plan, windowDays: 1);

        Assert.Equal(Tier.Town, path.SettledAt);
        Assert.Equal(0.5 + 2.0, path.DaysToClose!.Value, precision: 9);
    }

    [Fact]
    public void An_event_the_city_never_takes_up_stays_open_with_a_breach_at_every_tier()
    {
        var path = PathPrediction.For(Plan(), windowDays: 1);

        Assert.Null(path.DaysToClose);
        Assert.Equal(Enum.GetValues<Tier>().Order(), path.Breaches);
    }

    [Fact]
    public void The_year_ends_when_the_predicted_share_still_open_is_down_to_the_target()
    {
        var plans = YearPlanner.Plan(new SimulationSettings { Days = 20, EventsPerDay = 250 }, ["u1", "u2"]);

        var tail = PathPrediction.YearEndAfterLastDay(plans, 20, targetClosureRate: 0.9928);

        double ClosedBy(double end) => plans.Count(p => PathPrediction.For(p, 1).DaysToClose is { } d && p.CaptureDay + d <= end) / (double)plans.Count;
        Assert.True(ClosedBy(20 + tail) >= 0.9928);
        Assert.True(ClosedBy(20 + tail - 0.01) < 0.9928);
    }
}
