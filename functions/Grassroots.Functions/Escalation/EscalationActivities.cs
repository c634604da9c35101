using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// Writes an orchestration's steps in order. The sequence counter lives in the orchestration's own replayed state,
/// so every replay numbers the same steps the same way; the capture step is 0, written by intake. A generation that
/// continues as new starts from the sequence the previous one reached, so timeline keys never repeat.
/// </summary>
public sealed class EscalationActivities(TaskOrchestrationContext context, EscalationInput input, int lastSequence = 0)
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    private int sequence = lastSequence;

    public static TaskOptions ActivityRetry => Retry;

    /// <summary>The last step written.</summary>
    public int Sequence => sequence;

    /// <summary>The round the notifications sent from here answer.</summary>
    public int Round { get; set; }

    /// <returns>The step's sequence number.</returns>
    /// <param name="notices">
    /// What the step tells people: sent by the same activity right after the step is written, which saves the engine an
    /// activity per notice. Each delayed one is recorded as the next step, as <see cref="NotifyAsync"/> records it.
    /// </param>
    public async Task<int> RecordAsync(string kind, ChainLink? link, string? actorId, string? actorName, string? note,
        DateTimeOffset? deadlineUtc = null, EventChange? change = null, string? submissionId = null, IReadOnlyList<StepNotice>? notices = null)
    {
        var step = ++sequence;
        var record = new StepRecord(
            input.EventId, step, context.CurrentUtcDateTime, kind, link?.Tier.ToWireName(), link?.NodeId, actorId, actorName, note, deadlineUtc, change)
            { SubmissionId = submissionId };
        if (notices is null || notices.Count == 0)
        {
            await context.CallActivityAsync(RecordStepActivity.Name, record, Retry);
            return step;
        }

        var sent = notices.Select(n => NotificationFor(n, step)).ToList();
        var deliveries = await context.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(RecordStepActivity.NotifyingName, new NotifyingStep(record, sent), Retry);
        for (var i = 0; i < sent.Count; i++)
        {
            if (i < deliveries.Count && deliveries[i].IsDelayed)
            {
                await RecordDelayedAsync(sent[i], notices[i].Link, notices[i].DeadlineUtc, deliveries[i]);
            }
        }

        return step;
    }

    /// <summary>
    /// Steps that happen together (an arrival and its review request, a close and its follow-up request): numbered in
    /// order, recorded with their notices by one activity, which saves the engine an activity per step. A step after one
    /// that counts may not change what the counts read (see <see cref="RecordStepActivity.RunTogether"/>).
    /// </summary>
    /// <returns>The last step's sequence number.</returns>
    public async Task<int> RecordTogetherAsync(params StepDraft[] drafts)
    {
        var planned = Number(drafts);
        var last = sequence;
        var deliveries = await context.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(
            RecordStepActivity.TogetherName, new NotifyingSteps([.. planned.Select(p => p.Step)]), Retry);
        await RecordDelayedAsync(planned, deliveries);
        return last;
    }

    /// <summary>
    /// Reads who holds the event at the tier at <paramref name="level"/> of <paramref name="chain"/> in the live directory,
    /// in one activity with <paramref name="drafts"/>, drafted for <paramref name="expected"/>: they are recorded when that
    /// is still who holds it, nothing moved it and the rules accept <paramref name="review"/> (when given) from the people
    /// the read finds on duty. When not, nothing is recorded and no step number is used: the caller acts on the answer as
    /// on <see cref="ReadHolderAsync"/>'s.
    /// </summary>
    public async Task<HeldSteps> RecordIfHeldAsync(int level, IReadOnlyList<ChainLink> chain, ChainLink expected, ReviewDecision? review, params StepDraft[] drafts)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var before = sequence;
        var planned = Number(drafts);
        var held = await context.CallActivityAsync<HeldSteps>(RecordStepActivity.IfHeldName, new HeldStepsRequest(
            HolderQueryFor(level, chain), expected, new NotifyingSteps([.. planned.Select(p => p.Step)]), review,
            review is null ? null : ChainLink.PeopleFrom(chain, level)), Retry);
        if (held.Deliveries is not { } deliveries)
        {
            sequence = before;
            return held;
        }

        await RecordDelayedAsync(planned, deliveries);
        return held;
    }

    private List<(NotifyingStep Step, IReadOnlyList<StepNotice> Notices)> Number(StepDraft[] drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var planned = new List<(NotifyingStep Step, IReadOnlyList<StepNotice> Notices)>();
        foreach (var draft in drafts)
        {
            var step = ++sequence;
            var record = new StepRecord(
                input.EventId, step, context.CurrentUtcDateTime, draft.Kind, draft.Link?.Tier.ToWireName(), draft.Link?.NodeId, draft.ActorId, draft.ActorName,
                draft.Note, draft.DeadlineUtc, draft.Change) { SubmissionId = draft.SubmissionId };
            var notices = draft.Notices ?? [];
            planned.Add((new NotifyingStep(record, [.. notices.Select(n => NotificationFor(n, step) with { Round = draft.Round ?? Round })]), notices));
        }

        return planned;
    }

    /// <summary>Each notice the broker did not take is recorded as the next step, in the order the notices were sent.</summary>
    private async Task RecordDelayedAsync(List<(NotifyingStep Step, IReadOnlyList<StepNotice> Notices)> planned, IReadOnlyList<NoticeDelivery> deliveries)
    {
        var sent = planned.SelectMany(p => p.Step.Notices.Zip(p.Notices)).ToList();
        for (var i = 0; i < sent.Count; i++)
        {
            if (i < deliveries.Count && deliveries[i].IsDelayed)
            {
                await RecordDelayedAsync(sent[i].First, sent[i].Second.Link, sent[i].Second.DeadlineUtc, deliveries[i]);
            }
        }
    }

    /// <summary>
    /// A notice the broker does not take waits in the outbox until the drain sends it; the escalation records that it
    /// was delayed and goes on, its clocks running.
    /// </summary>
    public Task NotifyAsync(string kind, int step, ChainLink link, DateTimeOffset? deadlineUtc, string? note,
        string? departmentId = null, string? departmentQueue = null) =>
        SendAsync(NotificationFor(new StepNotice(kind, link, deadlineUtc, note, DepartmentId: departmentId, DepartmentQueue: departmentQueue), step), link, deadlineUtc);

    /// <summary>
    /// A status message for the resident (<see cref="ReporterUpdateKinds"/>), sent like a notice: through the outbox when
    /// the broker does not take it. It names the tier, never the person; the channel comes from the event row.
    /// </summary>
    public Task TellReporterAsync(string kind, int step, ChainLink link, DateTimeOffset? deadlineUtc, string? note) =>
        SendAsync(NotificationFor(StepNotice.ToReporter(kind, link, deadlineUtc, note), step), link, deadlineUtc);

    private Notification NotificationFor(StepNotice notice, int step) => notice.IsForReporter
        ? new Notification(
            notice.Kind, input.EventId, step, input.Category, notice.Link.Tier.ToWireName(), notice.Link.NodeId, null, null, null, null, null, notice.DeadlineUtc,
            context.CurrentUtcDateTime, notice.Note) { Round = Round, ToReporter = true }
        : new Notification(
            notice.Kind, input.EventId, step, input.Category, notice.Link.Tier.ToWireName(), notice.Link.NodeId, notice.Link.PersonId, notice.Link.PersonName,
            notice.Link.NotificationTarget, notice.DepartmentId, notice.DepartmentQueue, notice.DeadlineUtc, context.CurrentUtcDateTime, notice.Note) { Round = Round };

    private async Task SendAsync(Notification notification, ChainLink link, DateTimeOffset? deadlineUtc)
    {
        var delivery = await context.CallActivityAsync<NoticeDelivery>(NotifyActivity.Name, notification, Retry);
        if (delivery.IsDelayed)
        {
            await RecordDelayedAsync(notification, link, deadlineUtc, delivery);
        }
    }

    private Task<int> RecordDelayedAsync(Notification notification, ChainLink link, DateTimeOffset? deadlineUtc, NoticeDelivery delivery) =>
        RecordAsync(TimelineKinds.NoticeDelayed, link, null, null,
            $"{notification.Kind} {(notification.ToReporter ? "update" : "notice")} {notification.MessageId} kept in the outbox until it is sent ({delivery.Reason})", deadlineUtc);

    /// <returns>The reviews the endpoint accepted for the current round up to the deadline, first accepted first.</returns>
    public Task<IReadOnlyList<ReviewDecision>> AcceptedReviewsAsync(DateTimeOffset deadlineUtc) =>
        context.CallActivityAsync<IReadOnlyList<ReviewDecision>>(AcceptedDecisionActivities.ReviewsName,
            new AcceptedReviewsQuery(input.EventId, Round, deadlineUtc), Retry);

    /// <returns>The department's reports the endpoint accepted for the dispatch round up to the deadline, first accepted first.</returns>
    public Task<IReadOnlyList<DepartmentReport>> AcceptedReportsAsync(string departmentId, int round, DateTimeOffset deadlineUtc) =>
        context.CallActivityAsync<IReadOnlyList<DepartmentReport>>(AcceptedDecisionActivities.ReportsName,
            new AcceptedReportsQuery(input.EventId, departmentId, round, deadlineUtc), Retry);

    /// <returns>The departments' parts of the dispatch round an import moved to another department, once the directory no longer has them.</returns>
    public Task<IReadOnlyList<PendingDispatchMove>> DispatchMovesAsync(int round) =>
        context.CallActivityAsync<IReadOnlyList<PendingDispatchMove>>(ReadDispatchMovesActivity.Name, new DispatchMovesQuery(input.EventId, round), Retry);

    /// <returns>The follow-up's answer accepted by the end of its window, if the endpoint kept one.</returns>
    public Task<FollowUpAnswer?> AcceptedFollowUpAsync(int round, DateTimeOffset windowEndsUtc) =>
        context.CallActivityAsync<FollowUpAnswer?>(AcceptedDecisionActivities.FollowUpName, new AcceptedFollowUpQuery(input.EventId, round, windowEndsUtc), Retry);

    /// <summary>Who holds the event at this tier now, from the live directory (an activity: the orchestration reads nothing itself).</summary>
    public Task<HolderAnswer> ReadHolderAsync(int level, IReadOnlyList<ChainLink> chain) =>
        context.CallActivityAsync<HolderAnswer>(ReadHolderActivity.Name, HolderQueryFor(level, chain), Retry);

    private HolderQuery HolderQueryFor(int level, IReadOnlyList<ChainLink> chain) =>
        new(input.EventId, level, [.. chain.Skip(level).Select(l => l.NodeId)], context.CurrentUtcDateTime);

    public Task ChargeBreachAsync(int step, string kind, ChainLink link, string personId, string personName, DateTimeOffset deadlineUtc) =>
        context.CallActivityAsync(ChargeBreachActivity.Name, new BreachRecord(
            input.EventId, step, kind, link.Tier.ToWireName(), link.NodeId, personId, personName, deadlineUtc, context.CurrentUtcDateTime), Retry);
}
