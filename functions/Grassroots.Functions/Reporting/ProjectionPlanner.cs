using Grassroots.Domain.Events;
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
        }

        if (facts.UnitHeadPersonId.Length > 0)
        {
            foreach (var award in scoring.ForStep(new ScoredStep(step.Kind, step.Tier, step.ActorId, facts.UnitHeadPersonId)))
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

        foreach (var node in facts.Chain)
        {
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "m~" + facts.EventId + "~closed", day, deltas));
            counters.Add(new CounterUpdate(ProjectionTable.NodeFigures, node, "g~" + facts.EventId + "~closed", FigureNames.NowRow,
                new Dictionary<string, long> { [FigureNames.Open] = -1, [FigureNames.Overdue] = facts.WasOverdue ? -1 : 0 }));
            queue.Add(Remove(facts, node, QueueStatus.Open));
            queue.Add(Remove(facts, node, QueueStatus.Overdue));
            queue.Add(Put(facts, node, QueueStatus.Resolved, status, step.Change.Outcome, step.Change.ResolvedTier ?? step.Tier, closedAt));
        }
    }

    private void Award(EventFacts facts, PointsAward award, DateTimeOffset at, List<CounterUpdate> counters)
    {
        var month = ScoringMonth.Of(at, cityZone);
        var labels = Labels(facts.UnitHeadName, facts.UnitId, UnitTier);
        foreach (var node in facts.Chain)
        {
            var partition = PeopleNames.Partition(node, month);
            counters.Add(new CounterUpdate(ProjectionTable.PeopleMonthly, partition, "m~" + award.PersonId + "~" + facts.EventId + "~" + award.Rule,
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
