using Grassroots.Domain.Events;
using Grassroots.Domain.Reporting;

namespace Grassroots.Domain.Tests.Reporting;

public sealed class ScoringRulesTests
{
    private const string Head = "p-unit-head";
    private static readonly ScoringRules Rules = new(ScoringRules.Defaults);

    [Fact]
    public void The_event_reaching_the_unit_earns_its_head_the_capture_point() =>
        Assert.Equal([new PointsAward(ScoringRuleNames.Capture, Head, 1)], Rules.ForStep(new ScoredStep(TimelineKinds.Arrived, "unit", null, Head)));

    [Fact]
    public void Resolving_at_the_unit_earns_the_resolve_and_the_in_time_review_points() =>
        Assert.Equal(
            [new PointsAward(ScoringRuleNames.ResolveAtOwnTier, Head, 5), new PointsAward(ScoringRuleNames.ReviewBeforeDeadline, Head, 1)],
            Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head)));

    [Fact]
    public void Escalating_in_time_earns_the_review_point_only() =>
        Assert.Equal([new PointsAward(ScoringRuleNames.ReviewBeforeDeadline, Head, 1)], Rules.ForStep(new ScoredStep(TimelineKinds.Escalated, "unit", Head, Head)));

    [Fact]
    public void A_supervisor_stepping_in_at_the_unit_earns_the_unit_head_nothing() =>
        Assert.Empty(Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", "p-grid-worker", Head)));

    [Theory]
    [InlineData(TimelineKinds.Arrived)]
    [InlineData(TimelineKinds.Resolved)]
    [InlineData(TimelineKinds.Escalated)]
    public void Steps_above_the_unit_score_nothing(string kind) =>
        Assert.Empty(Rules.ForStep(new ScoredStep(kind, "grid", Head, Head)));

    [Fact]
    public void A_breach_charged_to_the_unit_head_costs_three_points()
    {
        Assert.Equal([new PointsAward(ScoringRuleNames.Breach, Head, -3)], Rules.ForBreach("unit", Head, Head));
        Assert.Empty(Rules.ForBreach("grid", "p-grid-worker", Head));
    }

    [Fact]
    public void Points_come_from_configuration_and_a_rule_left_out_earns_nothing()
    {
        var rules = new ScoringRules(new Dictionary<string, int> { [ScoringRuleNames.ResolveAtOwnTier] = 10 });
        Assert.Equal([new PointsAward(ScoringRuleNames.ResolveAtOwnTier, Head, 10)], rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head)));
        Assert.Empty(rules.ForStep(new ScoredStep(TimelineKinds.Arrived, "unit", null, Head)));
    }

    [Fact]
    public void An_unknown_rule_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ScoringRules(new Dictionary<string, int> { ["smile"] = 1 }));
}
