using Grassroots.Domain.Events;

namespace Grassroots.Domain.Tests.Events;

public sealed class ReviewRulesTests
{
    private static readonly string[] Responsible = ["p-town", "p-district", "p-city"];

    private static ReviewDecision Review(string tier, string decision, string person = "p-town", string? outcome = null, string[]? departments = null, string? duplicateOf = null) =>
        new(tier, decision, person, null, null, outcome, duplicateOf, departments, false);

    [Fact]
    public void A_review_of_a_closed_event_or_for_another_tier_is_stale()
    {
        Assert.Equal(ReviewRefusal.Stale, ReviewRules.Check(Review("town", ReviewDecisions.Escalate), null, Responsible).Refusal);
        Assert.Equal(ReviewRefusal.Stale, ReviewRules.Check(Review("grid", ReviewDecisions.Escalate), Tier.Town, Responsible).Refusal);
    }

    [Fact]
    public void Someone_not_responsible_at_or_above_is_refused() =>
        Assert.Equal(ReviewRefusal.NotResponsible, ReviewRules.Check(Review("town", ReviewDecisions.Escalate, "p-unit"), Tier.Town, Responsible).Refusal);

    [Theory]
    [InlineData(Tier.Community, false)]
    [InlineData(Tier.Town, true)]
    [InlineData(Tier.City, true)]
    public void Dispatch_is_for_town_and_above(Tier tier, bool accepted) =>
        Assert.Equal(accepted, ReviewRules.Check(Review(tier.ToWireName(), ReviewDecisions.Dispatch, departments: ["housing"]), tier, Responsible).IsAccepted);

    [Fact]
    public void Dispatch_names_at_least_one_department() =>
        Assert.Equal(ReviewRefusal.NotAllowedHere, ReviewRules.Check(Review("town", ReviewDecisions.Dispatch, departments: []), Tier.Town, Responsible).Refusal);

    [Fact]
    public void The_city_cannot_escalate() =>
        Assert.Equal(ReviewRefusal.NotAllowedHere, ReviewRules.Check(Review("city", ReviewDecisions.Escalate, "p-city"), Tier.City, Responsible).Refusal);

    [Fact]
    public void Resolve_needs_an_outcome_and_a_duplicate_names_its_original()
    {
        Assert.False(ReviewRules.Check(Review("town", ReviewDecisions.Resolve), Tier.Town, Responsible).IsAccepted);
        Assert.False(ReviewRules.Check(Review("town", ReviewDecisions.Resolve, outcome: ResolutionOutcomes.Duplicate), Tier.Town, Responsible).IsAccepted);
        Assert.True(ReviewRules.Check(Review("town", ReviewDecisions.Resolve, outcome: ResolutionOutcomes.Duplicate, duplicateOf: "EV1"), Tier.Town, Responsible).IsAccepted);
        Assert.True(ReviewRules.Check(Review("town", ReviewDecisions.Resolve, outcome: ResolutionOutcomes.NotOurs), Tier.Town, Responsible).IsAccepted);
    }

    [Theory]
    [InlineData(DispatchStates.Dispatched, DepartmentReportKinds.Acknowledged, DispatchStates.Acknowledged)]
    [InlineData(DispatchStates.Dispatched, DepartmentReportKinds.Resolved, DispatchStates.Resolved)]
    [InlineData(DispatchStates.Acknowledged, DepartmentReportKinds.Resolved, DispatchStates.Resolved)]
    [InlineData(DispatchStates.Acknowledged, DepartmentReportKinds.Returned, DispatchStates.Returned)]
    [InlineData(DispatchStates.Acknowledged, DepartmentReportKinds.Acknowledged, null)]
    [InlineData(DispatchStates.Resolved, DepartmentReportKinds.Returned, null)]
    [InlineData(DispatchStates.Withdrawn, DepartmentReportKinds.Resolved, null)]
    public void A_department_report_moves_its_dispatch_only_where_it_fits(string state, string report, string? next) =>
        Assert.Equal(next, DispatchRules.Apply(state, report));
}
