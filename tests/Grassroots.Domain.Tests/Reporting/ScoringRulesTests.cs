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
    public void A_fix_at_the_unit_that_is_followed_up_earns_the_review_point_now_and_nothing_for_the_fix_yet() =>
        Assert.Equal(
            [new PointsAward(ScoringRuleNames.ReviewBeforeDeadline, Head, 1)],
            Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head) { Outcome = ResolutionOutcomes.Fixed, FollowsUp = true }));

    [Fact]
    public void A_close_no_follow_up_judges_is_paid_at_the_close() =>
        Assert.Equal(
            [new PointsAward(ScoringRuleNames.ReviewBeforeDeadline, Head, 1), new PointsAward(ScoringRuleNames.CloseWithoutFix, Head, 0)],
            Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head) { Outcome = ResolutionOutcomes.Duplicate }));

    [Theory]
    [InlineData(TimelineKinds.FollowUpAnswered, true, ResolutionOutcomes.Fixed, ScoringRuleNames.ResolveAtOwnTier, 5)]
    [InlineData(TimelineKinds.FollowUpNoReply, null, ResolutionOutcomes.Fixed, ScoringRuleNames.ResolveAtOwnTier, 5)]
    [InlineData(TimelineKinds.FollowUpAnswered, true, ResolutionOutcomes.NotOurs, ScoringRuleNames.CloseWithoutFix, 0)]
    [InlineData(TimelineKinds.FollowUpNoReply, null, ResolutionOutcomes.NoActionNeeded, ScoringRuleNames.CloseWithoutFix, 0)]
    public void The_outcome_is_paid_when_the_follow_up_ends_without_a_reopen(string kind, bool? answeredFixed, string outcome, string rule, int points) =>
        Assert.Equal([new PointsAward(rule, Head, points)],
            Rules.ForStep(new ScoredStep(kind, "unit", "resident", Head) { Outcome = outcome, ClosedByPersonId = Head, Fixed = answeredFixed }));

    [Fact]
    public void An_answer_not_fixed_pays_nothing_and_each_reopen_costs_once()
    {
        Assert.Empty(Rules.ForStep(new ScoredStep(TimelineKinds.FollowUpAnswered, "unit", "resident", Head) { Outcome = ResolutionOutcomes.Fixed, ClosedByPersonId = Head, Fixed = false }));
        var first = Assert.Single(Rules.ForStep(new ScoredStep(TimelineKinds.Reopened, "unit", Head, Head) { ClosedByPersonId = Head, Occurrence = 1 }));
        var second = Assert.Single(Rules.ForStep(new ScoredStep(TimelineKinds.Reopened, "unit", Head, Head) { ClosedByPersonId = Head, Occurrence = 2 }));
        Assert.Equal((ScoringRuleNames.Reopened, -3), (first.Rule, first.Points));
        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public void A_follow_up_of_a_close_by_someone_else_pays_the_unit_head_nothing() =>
        Assert.Empty(Rules.ForStep(new ScoredStep(TimelineKinds.FollowUpNoReply, "unit", null, Head) { Outcome = ResolutionOutcomes.Fixed, ClosedByPersonId = "p-grid-worker" }));

    [Fact]
    public void By_default_closing_unfixed_never_pays_more_than_escalating()
    {
        Assert.True(ScoringRules.PaysFixingNotClosing(ScoringRules.Defaults));
        var escalating = Rules.ForStep(new ScoredStep(TimelineKinds.Escalated, "unit", Head, Head)).Sum(a => a.Points);
        var closedNotOurs = Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head) { Outcome = ResolutionOutcomes.NotOurs, FollowsUp = true }).Sum(a => a.Points)
            + Rules.ForStep(new ScoredStep(TimelineKinds.FollowUpNoReply, "unit", null, Head) { Outcome = ResolutionOutcomes.NotOurs, ClosedByPersonId = Head }).Sum(a => a.Points);
        var claimedFixedThenReopened = Rules.ForStep(new ScoredStep(TimelineKinds.Resolved, "unit", Head, Head) { Outcome = ResolutionOutcomes.Fixed, FollowsUp = true }).Sum(a => a.Points)
            + Rules.ForStep(new ScoredStep(TimelineKinds.Reopened, "unit", Head, Head) { ClosedByPersonId = Head, Occurrence = 1 }).Sum(a => a.Points);
        Assert.True(closedNotOurs <= escalating, $"not-ours pays {closedNotOurs}, escalating {escalating}");
        Assert.True(claimedFixedThenReopened <= escalating, $"a denied fix pays {claimedFixedThenReopened}, escalating {escalating}");
        Assert.False(ScoringRules.PaysFixingNotClosing(new Dictionary<string, int>(ScoringRules.Defaults) { [ScoringRuleNames.CloseWithoutFix] = 5 }));
    }

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
        Assert.Equal([new PointsAward(ScoringRuleNames.ResolveAtOwnTier, Head, 10)],
            rules.ForStep(new ScoredStep(TimelineKinds.FollowUpNoReply, "unit", null, Head) { Outcome = ResolutionOutcomes.Fixed, ClosedByPersonId = Head }));
        Assert.Empty(rules.ForStep(new ScoredStep(TimelineKinds.Arrived, "unit", null, Head)));
    }

    [Fact]
    public void An_unknown_rule_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ScoringRules(new Dictionary<string, int> { ["smile"] = 1 }));
}
