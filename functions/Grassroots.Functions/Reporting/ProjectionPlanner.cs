using System.Globalization;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Domain.Reporting;
using Grassroots.Domain;
using Grassroots.Functions.Events;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Turns one recorded step (or one charged breach) into the read-model updates it causes: work-queue rows under every node
/// of the event's chain, the day and "now" figures of those nodes, and unit heads' monthly points. No I/O: the activities
/// apply the plan one step at a time, the benchmark applies many plans in batches, and both write the same rows.
/// </summary>
public sealed class ProjectionPlanner(ScoringRules scoring, TimeZoneInfo cityZone)
{
    /// <summary>Points go to unit heads only, so their rows always sit under the unit tier.</summary>
    private static readonly string UnitTier = Tier.Unit.ToWireName();

    /// <summary>The kinds of step that list, count or score anything; every other step plans nothing, whatever the event.</summary>
    private static readonly HashSet<string> Counted =
    [
        TimelineKinds.Arrived, TimelineKinds.Transferred, TimelineKinds.DeadlineMissed, TimelineKinds.Overdue, TimelineKinds.DepartmentOverdue,
        TimelineKinds.Resolved, TimelineKinds.FollowUpAnswered, TimelineKinds.FollowUpNoReply, TimelineKinds.Reopened, TimelineKinds.Escalated,
    ];

    /// <summary>Whether the step can change the read model: the others need neither the event's facts nor a write.</summary>
    public static bool Projects(StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Counted.Contains(step.Kind);
    }

    public ProjectionPlan ForStep(EventFacts facts, StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(step);
        var counters = new List<CounterUpdate>();
        var queue = new List<QueueUpdate>();
        var isOpen = facts.Status == EventStatus.Open;
        switch (step.Kind)
        {
            case TimelineKinds.Arrived when step.Tier == "unit":
                Captured(facts, counters, queue, isOpen);
                break;
            case TimelineKinds.Transferred:
                // The event row holds the new chain by now: the nodes new to it list and count the event as theirs; the
                // markers keep the nodes both chains share from counting it twice.
                Captured(facts, counters, queue, isOpen);
                break;
            case TimelineKinds.DeadlineMissed or TimelineKinds.Overdue or TimelineKinds.DepartmentOverdue when isOpen:
                WentOverdue(facts, counters, queue);
                break;
            case TimelineKinds.Resolved when step.Change?.Status is { } status:
                Closed(facts, step, status, counters, queue);
                break;
            case TimelineKinds.FollowUpAnswered or TimelineKinds.FollowUpNoReply:
                FollowUpEnded(facts, step, counters);
                break;
            case TimelineKinds.Reopened:
                Reopened(facts, step, counters, queue, isOpen);
                break;
        }

        if (facts.UnitHeadPersonId.Length > 0)
        {
            var scored = new ScoredStep(step.Kind, step.Tier, step.ActorId, facts.UnitHeadPersonId)
            {
                // A resolve step carries its own close; the follow-up's steps judge the close the event row holds.
                Outcome = step.Kind == TimelineKinds.Resolved ? step.Change?.Outcome : facts.Outcome,
                ClosedByPersonId = step.Kind == TimelineKinds.Resolved ? step.ActorId : facts.ClosedByPersonId,
                FollowsUp = step.Change?.Stage == EventStage.FollowUp,
                Fixed = step.Change?.FollowUpFixed,
                Occurrence = step.Change?.ReopenCount ?? 0,
            };
            foreach (var award in scoring.ForStep(scored))
            {
                Award(facts, award, step.At, counters);
            }
        }

        return new ProjectionPlan(counters, queue);
    }

    public ProjectionPlan ForBreach(EventFacts facts, BreachRecord breach)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(breach);
        var counters = new List<CounterUpdate>();
        if (!TierExtensions.TryParseWireName(breach.Tier, out var tier))
        {
            return ProjectionPlan.Empty;
        }

        var step = breach.Sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var day = ReportingPeriod.LocalDay(breach.DetectedAt, cityZone);
        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "m~" + facts.EventId + "~breach~" + step, FigureNames.DayRow(day),
                new Dictionary<string, long> { [FigureNames.Breaches(tier)] = 1 }));
        }

        // A breach is held against the person under the node where it happened and every node above it (accountability).
        var points = scoring.ForBreach(breach.Tier, breach.PersonId, facts.UnitHeadPersonId).Sum(a => (long)a.Points);
        var month = ScoringMonth.Of(breach.DetectedAt, cityZone);
        foreach (var node in EventAncestry.From(facts.Chain, breach.NodeId))
        {
            var partition = PeopleNames.Partition(node, month);
            counters.Add(new CounterUpdate(ProjectionTable.PeopleMonthly, partition, "b~" + breach.PersonId + "~" + facts.EventId + "~" + step,
                PeopleNames.PersonRow(breach.Tier, breach.PersonId),
                new Dictionary<string, long> { [PeopleNames.Breaches] = 1, [PeopleNames.Points] = points },
                Labels(breach.PersonName, breach.NodeId, breach.Tier)));
            if (points != 0)
            {
                counters.Add(Handled(partition, breach.Tier, breach.PersonId, facts.EventId, Labels(breach.PersonName, breach.NodeId, breach.Tier)));
            }
        }

        return new ProjectionPlan(counters, []);
    }

    private void Captured(EventFacts facts, List<CounterUpdate> counters, List<QueueUpdate> queue, bool isOpen)
    {
        var day = FigureNames.DayRow(ReportingPeriod.LocalDay(facts.CapturedAt, cityZone));
        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "m~" + facts.EventId + "~captured", day,
                new Dictionary<string, long> { [FigureNames.Captured] = 1 }));
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "g~" + facts.EventId + "~open", FigureNames.NowRow,
                new Dictionary<string, long> { [FigureNames.Open] = 1 }));
            if (isOpen)
            {
                queue.Add(Put(facts, node, QueueStatus.Open, facts.Status, null, null, null));
            }
        }
    }

    private static void WentOverdue(EventFacts facts, List<CounterUpdate> counters, List<QueueUpdate> queue)
    {
        foreach (var node in facts.Chain)
        {
            // Counted once per event: the marker key does not depend on the step, so a later missed deadline changes nothing.
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "g~" + facts.EventId + "~overdue", FigureNames.NowRow,
                new Dictionary<string, long> { [FigureNames.Overdue] = 1 }));
            queue.Add(Put(facts, node, QueueStatus.Overdue, facts.Status, null, null, null));
        }
    }

    private void Closed(EventFacts facts, StepRecord step, string status, List<CounterUpdate> counters, List<QueueUpdate> queue)
    {
        var closedAt = step.Change!.ClosedAt ?? step.At;
        var day = FigureNames.DayRow(ReportingPeriod.LocalDay(closedAt, cityZone));
        var deltas = new Dictionary<string, long>
        {
            [FigureNames.Closed] = 1,
            [FigureNames.Fixed] = step.Change.Outcome == ResolutionOutcomes.Fixed ? 1 : 0,
            [FigureNames.Histogram(CloseTimeHistogram.BucketOf(closedAt - facts.CapturedAt))] = 1,
        };
        if (TierExtensions.TryParseWireName(step.Change.ResolvedTier ?? step.Tier, out var tier))
        {
            deltas[FigureNames.ClosedAt(tier)] = 1;
        }

        // A reopened event closes again: the day's Closed counts the first close only (the reopen rate tells the rest),
        // the "now" gauges follow every close; the overdue gauge counted the event once and let go of it at the first.
        var again = facts.ReopenCount > 0 ? "~" + facts.ReopenCount.ToString(CultureInfo.InvariantCulture) : "";
        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "m~" + facts.EventId + "~closed", day, deltas));
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "g~" + facts.EventId + "~closed" + again, FigureNames.NowRow,
                new Dictionary<string, long> { [FigureNames.Open] = -1, [FigureNames.Overdue] = facts.WasOverdue && again.Length == 0 ? -1 : 0 }));
            queue.Add(Remove(facts, node, QueueStatus.Open));
            if (facts.WasOverdue)
            {
                // Listed overdue only once its overdue marker is in (the store writes a plan's queue rows after its
                // counters), so an event never counted overdue has no overdue row to remove.
                queue.Add(Remove(facts, node, QueueStatus.Overdue));
            }

            queue.Add(Put(facts, node, QueueStatus.Resolved, status, step.Change.Outcome, step.Change.ResolvedTier ?? step.Tier, closedAt));
        }
    }

    /// <summary>
    /// 回访 figures: the follow-up of a close ended, answered or not. Counted under every node of the chain (the node's
    /// figures, and the closing tier's share of them) and on the person who closed it, under the closing node and above.
    /// </summary>
    private void FollowUpEnded(EventFacts facts, StepRecord step, List<CounterUpdate> counters)
    {
        var answered = step.Kind == TimelineKinds.FollowUpAnswered;
        var satisfied = answered && step.Change?.FollowUpFixed == true && step.Change.FollowUpSatisfaction >= FollowUpRules.SatisfiedFrom;
        var deltas = new Dictionary<string, long>
        {
            [FigureNames.FollowUps] = 1,
            [FigureNames.Answered] = answered ? 1 : 0,
            [FigureNames.Satisfied] = satisfied ? 1 : 0,
        };
        Judged(facts, step, "follow-up", deltas, counters);
    }

    /// <summary>重新办理: counted against the closing tier and the person who closed it; the event is back in the open queues.</summary>
    private void Reopened(EventFacts facts, StepRecord step, List<CounterUpdate> counters, List<QueueUpdate> queue, bool isOpen)
    {
        Judged(facts, step, "reopened", new Dictionary<string, long> { [FigureNames.Reopened] = 1 }, counters);
        var occurrence = (step.Change?.ReopenCount ?? facts.ReopenCount).ToString(CultureInfo.InvariantCulture);
        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "g~" + facts.EventId + "~reopened~" + occurrence, FigureNames.NowRow,
                new Dictionary<string, long> { [FigureNames.Open] = 1 }));
            queue.Add(Remove(facts, node, QueueStatus.Resolved));
            if (isOpen)
            {
                queue.Add(Put(facts, node, QueueStatus.Open, facts.Status, null, null, null));
            }
        }
    }

    private void Judged(EventFacts facts, StepRecord step, string what, Dictionary<string, long> deltas, List<CounterUpdate> counters)
    {
        var seq = step.Sequence.ToString("D6", CultureInfo.InvariantCulture);
        var day = FigureNames.DayRow(ReportingPeriod.LocalDay(step.At, cityZone));
        var dayDeltas = new Dictionary<string, long>(deltas);
        if (TierExtensions.TryParseWireName(step.Tier, out var tier))
        {
            foreach (var (name, value) in deltas)
            {
                dayDeltas[FigureNames.ByTier(name, tier)] = value;
            }
        }

        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "m~" + facts.EventId + "~" + what + "~" + seq, day, dayDeltas));
        }

        if (string.IsNullOrEmpty(facts.ClosedByPersonId) || step.Tier is null || step.NodeId is null)
        {
            return;
        }

        var people = deltas.ToDictionary(d => PeopleOf(d.Key), d => d.Value);
        var month = ScoringMonth.Of(step.At, cityZone);
        var isUnitHead = facts.ClosedByPersonId == facts.UnitHeadPersonId;
        var labels = new Dictionary<string, string> { [PeopleNames.NodeId] = step.NodeId, [PeopleNames.Tier] = step.Tier };
        if (isUnitHead)
        {
            labels[PeopleNames.PersonName] = facts.UnitHeadName;
        }

        foreach (var node in EventAncestry.From(facts.Chain, step.NodeId))
        {
            counters.Add(new CounterUpdate(ProjectionTable.PeopleMonthly, PeopleNames.Partition(node, month),
                "j~" + facts.ClosedByPersonId + "~" + facts.EventId + "~" + what + "~" + seq, PeopleNames.PersonRow(step.Tier, facts.ClosedByPersonId), people, labels));
        }
    }

    private static string PeopleOf(string figure) => figure switch
    {
        FigureNames.FollowUps => PeopleNames.FollowUps,
        FigureNames.Answered => PeopleNames.Answered,
        FigureNames.Satisfied => PeopleNames.Satisfied,
        _ => PeopleNames.Reopened,
    };

    private void Award(EventFacts facts, PointsAward award, DateTimeOffset at, List<CounterUpdate> counters)
    {
        var month = ScoringMonth.Of(at, cityZone);
        var labels = Labels(facts.UnitHeadName, facts.UnitId, UnitTier);
        foreach (var node in facts.Chain)
        {
            var partition = PeopleNames.Partition(node, month);
            counters.Add(new CounterUpdate(ProjectionTable.PeopleMonthly, partition, "m~" + award.PersonId + "~" + facts.EventId + "~" + award.Key,
                PeopleNames.PersonRow(UnitTier, award.PersonId), new Dictionary<string, long> { [PeopleNames.Points] = award.Points }, labels));
            counters.Add(Handled(partition, UnitTier, award.PersonId, facts.EventId, labels));
        }
    }

    /// <summary>An event counts once towards the events a person handled in the month, whatever it earned them.</summary>
    private static CounterUpdate Handled(string partition, string tier, string personId, string eventId, IReadOnlyDictionary<string, string> labels) =>
        new(ProjectionTable.PeopleMonthly, partition, "e~" + personId + "~" + eventId, PeopleNames.PersonRow(tier, personId),
            new Dictionary<string, long> { [PeopleNames.Events] = 1 }, labels);

    private static Dictionary<string, string> Labels(string personName, string nodeId, string tier) => new()
    {
        [PeopleNames.PersonName] = personName,
        [PeopleNames.NodeId] = nodeId,
        [PeopleNames.Tier] = tier,
    };

    private static QueueUpdate Put(EventFacts facts, string node, string queueStatus, string status, string? outcome, string? resolvedTier, DateTimeOffset? closedAt)
    {
        var partition = WorkQueueRow.PartitionFor(node, queueStatus);
        var key = NewestFirstKey.For(facts.CapturedAt, facts.EventId);
        return new QueueUpdate(partition, key, new WorkQueueRow
        {
            PartitionKey = partition,
            RowKey = key,
            EventId = facts.EventId,
            Category = facts.Category,
            Title = facts.Title,
            UnitId = facts.UnitId,
            CapturedAt = facts.CapturedAt,
            Status = status,
            Outcome = outcome,
            ResolvedTier = resolvedTier,
            ClosedAt = closedAt,
        });
    }

    private static QueueUpdate Remove(EventFacts facts, string node, string queueStatus) =>
        new(WorkQueueRow.PartitionFor(node, queueStatus), NewestFirstKey.For(facts.CapturedAt, facts.EventId), null);
}
