using Azure.Data.Tables;
using Azure;
using Grassroots.Domain.Events;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>Appends one timeline row and applies its change to the event row, in one transaction of the event's partition.</summary>
public sealed class RecordStepActivity(
    GrassrootsTables tables, ProjectionWriter projections, TimelineLog log, InboxProjection inbox, NoticeSender notices, LiveHolder holders)
{
    public const string Name = "RecordStep";

    /// <summary>The step, then the notices it sends: one activity where a step and its notices took one each.</summary>
    public const string NotifyingName = "RecordStepAndNotify";

    /// <summary>Steps that happen together (arrival and review request), in one transaction, with their notices: one activity.</summary>
    public const string TogetherName = "RecordStepsAndNotify";

    /// <summary>Who holds the event, read with the steps that follow when that is who they name (see <see cref="RunIfHeld"/>).</summary>
    public const string IfHeldName = "RecordStepsIfHeld";

    [Function(Name)]
    public Task Run([ActivityTrigger] StepRecord step) => RecordAsync([step]);

    /// <returns>What became of each notice, in the order given. A retry records and projects nothing twice and sends each
    /// notice again under its MessageId, which the broker's duplicate detection drops.</returns>
    [Function(NotifyingName)]
    public async Task<IReadOnlyList<NoticeDelivery>> RunNotifying([ActivityTrigger] NotifyingStep notifying)
    {
        ArgumentNullException.ThrowIfNull(notifying);
        var row = await RecordAsync([notifying.Step]);
        return await SendAsync(notifying.Notices, row);
    }

    /// <returns>What became of each notice, the first step's first; a retry behaves as <see cref="RunNotifying"/>'s.</returns>
    [Function(TogetherName)]
    public async Task<IReadOnlyList<NoticeDelivery>> RunTogether([ActivityTrigger] NotifyingSteps together)
    {
        ArgumentNullException.ThrowIfNull(together);
        var row = await RecordAsync([.. together.Steps.Select(s => s.Step)]);
        return await SendAsync([.. together.Steps.SelectMany(s => s.Notices)], row);
    }

    /// <summary>
    /// Reads who holds the event from the live directory, and records the steps (as <see cref="RunTogether"/>) only when
    /// nothing moved the event, the holder is the one the steps name and, for a decision, the rules accept it from the
    /// people on duty read: an arrival, or a decision and its step, costs one activity, not two. Otherwise nothing is
    /// recorded and the orchestration, holding the answer, goes on as it would have after reading the holder alone. Steps
    /// an earlier attempt recorded are recorded again (nothing twice), whatever the read says now.
    /// </summary>
    /// <returns>The holder, and what became of each notice; no deliveries when nothing was recorded.</returns>
    [Function(IfHeldName)]
    public async Task<HeldSteps> RunIfHeld([ActivityTrigger] HeldStepsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await holders.ReadAsync(request.Query);
        var answerers = answer.AnswerersOr(request.FallbackAnswerers ?? []);
        var held = answer.Transfer is null
            && (answer.Holder is null || answer.Holder == request.Expected)
            && (request.Review is not { } review || ReviewRules.Check(review, request.Expected.Tier, answerers).IsAccepted);
        // A retry of an attempt that recorded the steps and failed after: they stand, whoever holds the event now, and the
        // orchestration is told so; it must never record other steps under their numbers (a refusal where a close is).
        if (!held && !await RecordedBeforeAsync(request.Steps))
        {
            return new HeldSteps(answer, null);
        }

        return new HeldSteps(answer, await RunTogether(request.Steps));
    }

    private async Task<bool> RecordedBeforeAsync(NotifyingSteps steps)
    {
        if (steps.Steps.Count == 0)
        {
            return false;
        }

        var first = steps.Steps[0].Step;
        var table = await tables.GetAsync(TableNames.Events);
        return (await table.GetEntityIfExistsAsync<TableEntity>(first.EventId, TimelineRow.KeyFor(first.Sequence), select: ["RowKey"])).HasValue;
    }

    private async Task<IReadOnlyList<NoticeDelivery>> SendAsync(IReadOnlyList<Notification> sent, EventRow? row)
    {
        var deliveries = new List<NoticeDelivery>();
        foreach (var notice in sent)
        {
            deliveries.Add(await notices.SendAsync(notice, row));
        }

        return deliveries;
    }

    /// <summary>
    /// The steps' timeline rows and their changes (merged in order) in one transaction; then their projections, each
    /// against the row as all the steps left it. So a step after one that counts may not change what the counts read
    /// (status, outcome, who resolved it and where, the chain, the reopens): the counted step sees the row it made.
    /// </summary>
    /// <returns>The event row as read after the steps to project them, or null when no step needed a read.</returns>
    private async Task<EventRow?> RecordAsync(IReadOnlyList<StepRecord> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var firstCounted = steps.ToList().FindIndex(ProjectionPlanner.Projects);
        if (steps.Count == 0 || (firstCounted >= 0 && steps.Skip(firstCounted + 1).Any(s => ChangesCountedFacts(s.Change))))
        {
            throw new ArgumentException("Steps recorded together are at least one, and none after a counted one changes what the counts read.", nameof(steps));
        }

        var step = steps[0];
        var table = await tables.GetAsync(TableNames.Events);
        var actions = steps.Select(s => new TableTransactionAction(TableTransactionActionType.Add, TimelineRowOf(s))).ToList();
        var merged = new TableEntity(step.EventId, EventRow.RowKeyValue);
        foreach (var change in steps.Select(s => ToEntity(s.EventId, s.Change)).OfType<TableEntity>())
        {
            foreach (var (name, value) in change.Where(p => p.Key is not ("PartitionKey" or "RowKey")))
            {
                merged[name] = value;
            }
        }

        var changes = merged.Count > 2;
        if (changes)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, merged, ETag.All));
        }

        try
        {
            await table.SubmitTransactionAsync(actions);
            foreach (var recorded in steps)
            {
                log.Recorded(recorded);
            }
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            // The row exists: an earlier attempt of these same steps committed, timeline rows and change together.
        }

        // Also on a retry: the earlier attempt may have stopped before its projections; they are keyed, so none counts twice.
        // A step that counts nothing and leaves the event row as it was changes no projection: the steps before it, each
        // projected before this one was recorded, left them as the row says.
        var counted = steps.Where(ProjectionPlanner.Projects).ToList();
        if (counted.Count == 0 && !changes)
        {
            return null;
        }

        var row = await projections.EventRowAsync(step.EventId);
        foreach (var projected in counted)
        {
            await projections.ProjectAsync(projected, row);
        }

        if (row is not null)
        {
            await inbox.SyncAsync(step.EventId, row);
        }

        return row;
    }

    private static TimelineRow TimelineRowOf(StepRecord step) => new()
    {
        PartitionKey = step.EventId,
        RowKey = TimelineRow.KeyFor(step.Sequence),
        Sequence = step.Sequence,
        At = step.At,
        Kind = step.Kind,
        Tier = step.Tier,
        NodeId = step.NodeId,
        ActorId = step.ActorId,
        ActorName = step.ActorName,
        Note = step.Note,
        DeadlineUtc = step.DeadlineUtc,
        SubmissionId = step.SubmissionId,
    };

    private static bool ChangesCountedFacts(EventChange? change) =>
        change is not null && (change.Status ?? change.Outcome ?? change.ResolvedTier ?? change.ResolvedByPersonId ?? change.ChainJson) is not null
        || change?.ReopenCount is not null;

    private static TableEntity? ToEntity(string eventId, EventChange? change)
    {
        if (change is null)
        {
            return null;
        }

        var entity = new TableEntity(eventId, EventRow.RowKeyValue);
        Set(entity, nameof(EventRow.Status), change.Status);
        Set(entity, nameof(EventRow.Stage), change.Stage);
        Set(entity, nameof(EventRow.CurrentTier), change.CurrentTier);
        Set(entity, nameof(EventRow.CurrentNodeId), change.CurrentNodeId);
        Set(entity, nameof(EventRow.ResponsiblePersonId), change.ResponsiblePersonId);
        Set(entity, nameof(EventRow.ResponsiblePersonName), change.ResponsiblePersonName);
        Set(entity, nameof(EventRow.DeadlineUtc), change.DeadlineUtc);
        Set(entity, nameof(EventRow.Overdue), change.Overdue);
        Set(entity, nameof(EventRow.Round), change.Round);
        Set(entity, nameof(EventRow.Outcome), change.Outcome);
        Set(entity, nameof(EventRow.Resolution), change.Resolution);
        Set(entity, nameof(EventRow.ResolvedTier), change.ResolvedTier);
        Set(entity, nameof(EventRow.ResolvedByPersonId), change.ResolvedByPersonId);
        Set(entity, nameof(EventRow.ClosedAt), change.ClosedAt);
        Set(entity, nameof(EventRow.DuplicateOfEventId), change.DuplicateOfEventId);
        Set(entity, nameof(EventRow.DispatchesJson), change.DispatchesJson);
        Set(entity, nameof(EventRow.ChainJson), change.ChainJson);
        Set(entity, nameof(EventRow.PendingTransferJson), change.PendingTransferJson);
        Set(entity, nameof(EventRow.FollowUpEndsUtc), change.FollowUpEndsUtc);
        Set(entity, nameof(EventRow.FollowUpState), change.FollowUpState);
        Set(entity, nameof(EventRow.FollowUpFixed), change.FollowUpFixed);
        Set(entity, nameof(EventRow.FollowUpSatisfaction), change.FollowUpSatisfaction);
        Set(entity, nameof(EventRow.ReopenCount), change.ReopenCount);
        return entity.Count > 2 ? entity : null;
    }

    private static void Set(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
