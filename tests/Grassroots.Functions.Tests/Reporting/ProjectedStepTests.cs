using System.Reflection;
using Grassroots.Domain.Events;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Functions.Tests.Reporting;

/// <summary>
/// RecordStep skips the read model for a step the planner says counts nothing, so that answer must hold for every event:
/// a kind left out plans nothing even for an open, overdue, reopened event at its unit, acted on and closed by its unit head.
/// </summary>
public sealed class ProjectedStepTests
{
    private static readonly string[] Chain = ["u1", "g1", "c1", "t1", "d1", "city"];
    private static readonly DateTimeOffset At = new(2026, 10, 14, 9, 30, 0, TimeSpan.FromHours(8));
    private readonly ProjectionPlanner planner = new(new ScoringRules(ScoringRules.Defaults), TimeZoneInfo.Utc);

    public static TheoryData<string> EveryKind()
    {
        var kinds = new TheoryData<string>();
        foreach (var field in typeof(TimelineKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            kinds.Add((string)field.GetRawConstantValue()!);
        }

        return kinds;
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void A_step_of_a_kind_not_projected_plans_nothing_whatever_the_event(string kind)
    {
        foreach (var status in new[] { EventStatus.Open, EventStatus.Resolved, EventStatus.Closed })
        {
            var facts = new EventFacts("EV1", Chain, At, "dispute", "Fence", "u1", status, "p-u1", "Head of u1", WasOverdue: true,
                Outcome: ResolutionOutcomes.Fixed, ClosedByPersonId: "p-u1", ResolvedTier: "unit", ReopenCount: 1);
            var step = new StepRecord("EV1", 4, At, kind, "unit", "u1", "p-u1", "Head of u1", null, At,
                new EventChange { Status = EventStatus.Resolved, Outcome = ResolutionOutcomes.Fixed, Stage = EventStage.FollowUp, FollowUpFixed = true, FollowUpSatisfaction = 5, ReopenCount = 1 });

            var plan = planner.ForStep(facts, step);

            if (!ProjectionPlanner.Projects(step))
            {
                Assert.Empty(plan.Counters);
                Assert.Empty(plan.Queue);
            }
        }
    }

    [Fact]
    public void A_review_request_counts_nothing_and_the_steps_that_count_are_projected()
    {
        Assert.False(ProjectionPlanner.Projects(Step(TimelineKinds.ReviewRequested)));
        Assert.True(ProjectionPlanner.Projects(Step(TimelineKinds.Arrived)));
        Assert.True(ProjectionPlanner.Projects(Step(TimelineKinds.Resolved)));
        Assert.True(ProjectionPlanner.Projects(Step(TimelineKinds.Escalated)));
    }

    private static StepRecord Step(string kind) => new("EV1", 1, At, kind, "unit", "u1", null, null, null, null, null);
}
