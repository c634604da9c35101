using Grassroots.Domain.Events;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Functions.Tests.Reporting;

/// <summary>
/// A close takes the event out of every open queue of its chain. Its overdue rows exist only once its overdue marker is in
/// (the store writes queue rows after counters), so a close removes them only for an event counted overdue.
/// </summary>
public sealed class ClosedEventQueueTests
{
    private static readonly string[] Chain = ["u1", "g1", "c1", "t1", "d1", "city"];
    private static readonly DateTimeOffset At = new(2026, 10, 14, 9, 30, 0, TimeSpan.FromHours(8));
    private readonly ProjectionPlanner planner = new(new ScoringRules(ScoringRules.Defaults), TimeZoneInfo.Utc);

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 6)]
    public void A_close_removes_overdue_rows_only_of_an_event_counted_overdue(bool wasOverdue, int overdueRemovals)
    {
        var facts = new EventFacts("EV1", Chain, At, "dispute", "Fence", "u1", EventStatus.Resolved, "p-u1", "Head of u1", wasOverdue);
        var close = new StepRecord("EV1", 5, At.AddHours(2), TimelineKinds.Resolved, "unit", "u1", "p-u1", "Head of u1", null, null,
            new EventChange { Status = EventStatus.Resolved, Outcome = ResolutionOutcomes.Fixed, ResolvedTier = "unit", ClosedAt = At.AddHours(2) });

        var queue = planner.ForStep(facts, close).Queue;

        Assert.Equal(overdueRemovals, queue.Count(q => q.Partition.EndsWith("~" + QueueStatus.Overdue, StringComparison.Ordinal) && q.Row is null));
        Assert.Equal(Chain.Select(n => WorkQueueRow.PartitionFor(n, QueueStatus.Open)), queue.Where(q => q.Row is null && q.Partition.EndsWith("~" + QueueStatus.Open, StringComparison.Ordinal)).Select(q => q.Partition));
        Assert.Equal(Chain.Select(n => WorkQueueRow.PartitionFor(n, QueueStatus.Resolved)), queue.Where(q => q.Row is not null).Select(q => q.Partition));
    }
}
