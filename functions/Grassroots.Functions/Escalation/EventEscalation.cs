using System.Globalization;
using System.Text.Json;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Domain;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// One instance per event (instance id = event id). Walks the chain from the unit to the city; at each tier it races
/// the tier's review against a reminder and the overnight deadline (研判不隔夜). A missed deadline is charged to the
/// tier's person and the event escalates by itself; at the city it stays open, overdue, and is re-notified each day.
/// </summary>
public static class EventEscalation
{
    public const string OrchestratorName = "EventEscalation";

    /// <summary>One external-event name per round: a review raised for one round can never be taken by a later wait.</summary>
    public static string ReviewEventName(int round) => "review-r" + round.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One generation handles one round at one tier (and the dispatch it may lead to), then continues as new with what
    /// the next round needs, so an instance's history stays bounded however long the event stays open.
    /// </summary>
    /// <returns>How the event closed; null when this generation continued as new.</returns>
    [Function(OrchestratorName)]
    public static async Task<EscalationOutcome?> Run([OrchestrationTrigger] TaskOrchestrationContext context, EscalationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(OrchestratorName);
        var progress = input.Progress ?? EscalationProgress.Start;
        var activities = new EscalationActivities(context, input, progress.Sequence);
        if (progress.FollowUp is { } followUp)
        {
            // Closed and waiting for the resident's answer: a repaired follow-up starts here.
            return await EventFollowUp.WaitAsync(context, input, progress, followUp, activities);
        }

        var policy = new ReviewDeadlinePolicy(input.Policy);
        var dispatches = progress.Dispatches.ToList();
        var level = progress.Level;
        var round = progress.Round + 1;
        activities.Round = round;

        // The person answering for the tier is the one on duty in the live directory now, not the one at capture: read
        // with the arrival's record, which is kept only when that is the person the chain names (usually so).
        var deadline = policy.For(context.CurrentUtcDateTime);
        var arrival = await activities.RecordIfHeldAsync(level, input.Chain, input.Chain[level], null, ArrivalDrafts(progress, input.Chain[level], deadline, round));
        if (MoveOf(arrival.Answer, level) is { } early)
        {
            await RecordTransferAsync(activities, input.Chain[level], early);
            return ContinueMoved(context, input, progress, early, round, activities.Sequence, dispatches);
        }

        // Recorded, the steps name the chain's person: if another holds the event now (the read was a retry's), the next
        // read of the holder records the handover, as any change while the event waits.
        var holder = arrival.Recorded ? input.Chain[level] : arrival.Answer.Holder ?? input.Chain[level];
        if (!arrival.Recorded)
        {
            await activities.RecordTogetherAsync(ArrivalDrafts(progress, holder, deadline, round));
        }

        var (review, race, link, move, recordedClose) = await ReviewRoundAsync(context, input, progress, round, activities, deadline, logger, holder);
        using (race)
        {
            EscalationProgress next;
            if (move is not null)
            {
                await RecordTransferAsync(activities, link, move);
                await RecordLeftoversAsync(race, round, link, activities, null, progress.LastDecisionId, $"the event moved to {move.Transfer.ToNodeId}");
                return ContinueMoved(context, input, progress, move, round, activities.Sequence, dispatches);
            }

            switch (review?.Decision)
            {
                case null:
                    // The city let its day pass: it stays there, overdue; tomorrow is a new round in a new generation.
                    await RecordLeftoversAsync(race, round, link, activities, null, progress.LastDecisionId);
                    next = new EscalationProgress(level, round, activities.Sequence, dispatches, true, null, round);
                    break;
                case ReviewDecisions.Resolve:
                    await RecordLeftoversAsync(race, round, link, activities, review, progress.LastDecisionId);
                    return await ResolveAsync(context, input, progress, level, dispatches, link, review, activities, recordedClose);
                case ReviewDecisions.Dispatch:
                    var dispatchRound = round + 1;
                    var dispatch = await DepartmentDispatch.RunAsync(context, input, link, review, activities, dispatches, dispatchRound);
                    await RecordLeftoversAsync(race, round, link, activities, review, progress.LastDecisionId);
                    if (dispatch.Outcome == DispatchOutcome.AllResolved)
                    {
                        var closing = review with { Decision = ReviewDecisions.Resolve, Outcome = ResolutionOutcomes.Fixed, Note = "resolved by " + dispatch.Note };
                        return await ResolveAsync(context, input, progress, level, dispatches, link, closing, activities, null);
                    }

                    // A department's miss moves the event up one tier (at the city it stays there); a return brings it back here.
                    var after = dispatch.Outcome == DispatchOutcome.DeadlineMissed ? Math.Min(level + 1, input.Chain.Count - 1) : level;
                    next = new EscalationProgress(after, dispatchRound, activities.Sequence, dispatches, false, dispatch.Note, round, review.SubmissionId);
                    break;
                default:
                    // Escalated, by decision or by a missed deadline (the city never escalates: ReviewRules refuses it).
                    await RecordLeftoversAsync(race, round, link, activities, review, progress.LastDecisionId);
                    next = new EscalationProgress(level + 1, round, activities.Sequence, dispatches, false, null, round, review.SubmissionId);
                    break;
            }

            // Decisions still in flight for a round that ended go to the next generation, whose race records them.
            context.ContinueAsNew(input with { Progress = next with { Reopens = progress.Reopens } }, preserveUnprocessedEvents: true);
            return null;
        }
    }

    /// <summary>The arrival at a tier and its review request, which happen together: one activity records both.</summary>
    private static StepDraft[] ArrivalDrafts(EscalationProgress progress, ChainLink link, ReviewDeadline deadline, int round)
    {
        var overdue = progress.Overdue;
        // The resident hears where the event is, never who holds it; not again each day it stays overdue at the city.
        StepNotice[] tellReporter = overdue ? [] : [StepNotice.ToReporter(progress.Round == 0 ? ReporterUpdateKinds.Received : ReporterUpdateKinds.WithTier, link, deadline.DeadlineUtc, null)];
        return
        [
            new StepDraft(overdue ? TimelineKinds.Overdue : TimelineKinds.Arrived, link, null, null,
                overdue ? "No tier above the city: still open, re-notified" : progress.ArrivalNote, deadline.DeadlineUtc,
                new EventChange
                {
                    Stage = EventStage.AwaitingReview,
                    CurrentTier = link.Tier.ToWireName(),
                    CurrentNodeId = link.NodeId,
                    ResponsiblePersonId = link.PersonId,
                    ResponsiblePersonName = link.PersonName,
                    DeadlineUtc = deadline.DeadlineUtc,
                    Overdue = overdue,
                    Round = round,
                },
                Notices: tellReporter),
            new StepDraft(TimelineKinds.ReviewRequested, link, link.PersonId, link.PersonName, null, deadline.DeadlineUtc,
                Notices: [new StepNotice(NotificationKinds.ReviewRequested, link, deadline.DeadlineUtc, overdue ? "overdue" : null)]),
        ];
    }

    /// <returns>
    /// The accepted review that moves the event on (a missed deadline below the city counts as an escalation), or null
    /// when the city's deadline passed; the round's race, whose leftovers are recorded when the round is over; and the
    /// close, when the review's own read of the holder recorded it.
    /// </returns>
    private static async Task<(ReviewDecision? Review, TierReviewRace Race, ChainLink Holder, Move? Move, ClosePlan? RecordedClose)> ReviewRoundAsync(
        TaskOrchestrationContext context, EscalationInput input, EscalationProgress progress, int round, EscalationActivities activities,
        ReviewDeadline deadline, ILogger logger, ChainLink holder)
    {
        var level = progress.Level;
        var link = holder;
        var overdue = progress.Overdue;
        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.AwaitingReview, deadline.DeadlineUtc, overdue, round));
        logger.LogInformation("Event {EventId} awaits review at {Tier} {NodeId} in round {Round} until {Deadline}", input.EventId, link.Tier, link.NodeId, round, deadline.DeadlineUtc);

        var race = new TierReviewRace(context, ReviewEventName(round), deadline,
            progress.LastReviewRound > 0 ? ReviewEventName(progress.LastReviewRound) : null);
        while (true)
        {
            var turn = await race.NextAsync();
            if (turn.Turn == TierRaceTurn.ReminderDue)
            {
                await activities.RecordAsync(TimelineKinds.ReminderSent, link, link.PersonId, link.PersonName, null, deadline.DeadlineUtc,
                    notices: [new StepNotice(NotificationKinds.DeadlineReminder, link, deadline.DeadlineUtc, null)]);
                continue;
            }

            if (turn.Turn == TierRaceTurn.DirectoryChanged)
            {
                var changed = await activities.ReadHolderAsync(level, input.Chain);
                if (MoveOf(changed, level) is { } move)
                {
                    race.Accept();
                    return (null, race, link, move, null);
                }

                link = await HandOverAsync(activities, link, changed, deadline.DeadlineUtc);
                continue;
            }

            if (turn.Review is { } review)
            {
                if (IsSameSubmission(review, progress.LastDecisionId))
                {
                    // The decision of the previous round, already applied from the accepted decisions: its raised copy came late.
                    continue;
                }

                // Who may answer is asked of the live directory when the review arrives: a new head or a deputy on duty
                // is accepted, someone the last import removed is not. The step a decision of this round records (its
                // escalation, or its close) is drafted now and recorded with that read when the holder is the one it
                // names and the rules accept the decision from whoever the read finds on duty: the usual review costs
                // one activity. A dispatch, a duplicate and everything else read the holder alone first.
                var close = review.Round == round && review.Decision == ReviewDecisions.Resolve && review.Outcome != ResolutionOutcomes.Duplicate
                    ? PlanClose(context, input, link, review, round)
                    : null;
                StepDraft[] decided = close?.Drafts
                    ?? (review.Round == round && review.Decision == ReviewDecisions.Escalate ? [EscalatedDraft(link, review, deadline)] : []);
                var held = decided.Length > 0
                    ? await activities.RecordIfHeldAsync(level, input.Chain, link, review, decided)
                    : new HeldSteps(await activities.ReadHolderAsync(level, input.Chain), null);
                if (held.Recorded)
                {
                    // The decision's step is recorded: it stands as recorded (by this read, or by an earlier attempt of it
                    // that failed after, even if the directory changed since).
                    race.Accept();
                    return (review, race, link, null, close);
                }

                var live = held.Answer;
                if (MoveOf(live, level) is { } move)
                {
                    await activities.RecordAsync(TimelineKinds.ReviewRejected, link, review.ReviewerPersonId, review.ReviewerName,
                        $"{review.Decision} rejected: the event moved to {move.Transfer.ToNodeId}", deadline.DeadlineUtc, submissionId: review.SubmissionId);
                    race.Accept();
                    return (null, race, link, move, null);
                }

                link = await HandOverAsync(activities, link, live, deadline.DeadlineUtc);
                var answerers = live.AnswerersOr(ChainLink.PeopleFrom(input.Chain, level));
                var check = review.Round != round
                    ? new ReviewCheck(ReviewRefusal.Stale, $"it answers round {review.Round}, the event is in round {round}")
                    : ReviewRules.Check(review, link.Tier, answerers);
                if (!check.IsAccepted)
                {
                    await activities.RecordAsync(TimelineKinds.ReviewRejected, link, review.ReviewerPersonId, review.ReviewerName,
                        $"{review.Decision} rejected: {check.Reason}", deadline.DeadlineUtc, submissionId: review.SubmissionId);
                    continue;
                }

                race.Accept();
                if (review.Decision == ReviewDecisions.Escalate)
                {
                    await activities.RecordTogetherAsync(EscalatedDraft(link, review, deadline));
                }

                return (review, race, link, null, null);
            }

            // The deadline won: nobody reviewed in time. The breach goes to whoever holds the event at this moment.
            var atDeadline = await activities.ReadHolderAsync(level, input.Chain);
            if (MoveOf(atDeadline, level) is { } moved)
            {
                return (null, race, link, moved, null);
            }

            link = await HandOverAsync(activities, link, atDeadline, deadline.DeadlineUtc);

            // The timer fired first, but a review accepted before the deadline may still be on its way (a message hidden by
            // a host that died holding it, or read after the timer): the accepted decisions say whether the tier answered.
            var answerersAtDeadline = atDeadline.AnswerersOr(ChainLink.PeopleFrom(input.Chain, level));
            if (await OnTimeReviewAsync(activities, deadline, round, link, answerersAtDeadline) is { } onTime)
            {
                race.Accept();
                if (onTime.Decision == ReviewDecisions.Escalate)
                {
                    await activities.RecordTogetherAsync(EscalatedDraft(link, onTime, deadline));
                }

                return (onTime, race, link, null, null);
            }

            var missed = await activities.RecordAsync(TimelineKinds.DeadlineMissed, link, link.PersonId, link.PersonName,
                "Not reviewed by the deadline; breach charged", deadline.DeadlineUtc);
            await activities.ChargeBreachAsync(missed, BreachKinds.Review, link, link.PersonId, link.PersonName, deadline.DeadlineUtc);
            if (link.Tier == Tier.City)
            {
                return (null, race, link, null, null);
            }

            await activities.NotifyAsync(NotificationKinds.Escalated, missed, link, deadline.DeadlineUtc, "deadline missed");
            return (new ReviewDecision(link.Tier.ToWireName(), ReviewDecisions.Escalate, "system", "deadline", "deadline missed", null, null, null, false, round), race, link, null, null);
        }
    }

    /// <summary>An import moved the event off a removed node: where it goes and its new chain from this tier up.</summary>
    private sealed record Move(PendingTransfer Transfer, IReadOnlyList<ChainLink> ChainFromLevel);

    private static Move? MoveOf(HolderAnswer answer, int level) =>
        answer.Transfer is { } transfer && answer.TransferChain is { Count: > 0 } chain && chain.Count == transfer.Chain.Count - level
            ? new Move(transfer, chain)
            : null;

    /// <summary>交接: the person on duty changed while the event waited; the new one is told, the deadline stays.</summary>
    private static async Task<ChainLink> HandOverAsync(EscalationActivities activities, ChainLink link, HolderAnswer live, DateTimeOffset deadlineUtc)
    {
        if (live.Holder is not { } holder || holder.PersonId == link.PersonId)
        {
            return link;
        }

        await activities.RecordAsync(TimelineKinds.Handover, holder, holder.PersonId, holder.PersonName,
            $"handed over from {link.PersonName} ({link.PersonId}) to {holder.PersonName} ({holder.PersonId}); the deadline stays", deadlineUtc,
            new EventChange { ResponsiblePersonId = holder.PersonId, ResponsiblePersonName = holder.PersonName },
            notices: [new StepNotice(NotificationKinds.ReviewRequested, holder, deadlineUtc, "handover")]);
        return holder;
    }

    /// <summary>转办: the step that moves the event row to its new node and chain, and clears the import's pending move.</summary>
    private static Task<int> RecordTransferAsync(EscalationActivities activities, ChainLink from, Move move)
    {
        var to = move.ChainFromLevel[0];
        return activities.RecordAsync(TimelineKinds.Transferred, to, null, null,
            $"{from.NodeId} was removed from the directory (import {move.Transfer.ImportId}); moved from {from.NodeName} to {to.NodeName}", null,
            new EventChange
            {
                CurrentTier = to.Tier.ToWireName(),
                CurrentNodeId = to.NodeId,
                ResponsiblePersonId = to.PersonId,
                ResponsiblePersonName = to.PersonName,
                ChainJson = JsonSerializer.Serialize(move.Transfer.Chain),
                PendingTransferJson = "",
            });
    }

    /// <summary>The moved event starts a new round at the same tier of its new chain, with a fresh deadline under the rule.</summary>
    private static EscalationOutcome? ContinueMoved(
        TaskOrchestrationContext context, EscalationInput input, EscalationProgress progress, Move move, int round, int sequence, List<DispatchRecord> dispatches)
    {
        var chain = input.Chain.Take(progress.Level).Concat(move.ChainFromLevel).ToList();
        var next = new EscalationProgress(progress.Level, round, sequence, dispatches, false, $"transferred from {move.Transfer.FromNodeId}", round) { Reopens = progress.Reopens };
        context.ContinueAsNew(input with { Chain = chain, Progress = next }, preserveUnprocessedEvents: true);
        return null;
    }

    /// <returns>The first review accepted for the round by its deadline that the rules accept, if any.</returns>
    private static async Task<ReviewDecision?> OnTimeReviewAsync(
        EscalationActivities activities, ReviewDeadline deadline, int round, ChainLink link, IReadOnlyCollection<string> answerers)
    {
        var accepted = await activities.AcceptedReviewsAsync(deadline.DeadlineUtc);
        // Those the rules refuse are recorded when their raised copies arrive, as any refused review is.
        return accepted.FirstOrDefault(r => r.Round == round && ReviewRules.Check(r, link.Tier, answerers).IsAccepted);
    }

    private static bool IsSameSubmission(ReviewDecision review, string? submissionId) =>
        submissionId is not null && review.SubmissionId == submissionId;

    /// <summary>Reviews that reached a round after it was decided lose: each is recorded as rejected, none is dropped unseen.</summary>
    /// <param name="previousDecisionId">The previous round's decision if it was taken from the accepted decisions: its raised copy is no loser.</param>
    private static async Task RecordLeftoversAsync(
        TierReviewRace race, int round, ChainLink link, EscalationActivities activities, ReviewDecision? winner, string? previousDecisionId, string? ended = null)
    {
        var why = ended is not null ? $"round {round} ended: {ended}"
            : winner is null || winner.ReviewerPersonId == "system"
            ? $"round {round} ended at its deadline"
            : $"round {round} was already decided ({winner.Decision} by {winner.ReviewerName ?? winner.ReviewerPersonId})";
        foreach (var loser in race.TakeLeftovers())
        {
            if (IsSameSubmission(loser, winner?.SubmissionId) || IsSameSubmission(loser, previousDecisionId))
            {
                // A decision taken from the accepted decisions before its raised copy arrived: it already acted.
                continue;
            }

            var reason = loser.Round == round ? why : $"it answers round {loser.Round}, the event is in round {round}";
            await activities.RecordAsync(TimelineKinds.ReviewRejected, link, loser.ReviewerPersonId, loser.ReviewerName, $"{loser.Decision} rejected: {reason}", submissionId: loser.SubmissionId);
        }
    }

    /// <returns>How the event closed; null when its follow-up reopened it (the escalation continued as new).</returns>
    /// <param name="recorded">The close as recorded with the review's read of the holder; null when it is yet to be recorded.</param>
    private static async Task<EscalationOutcome?> ResolveAsync(
        TaskOrchestrationContext context, EscalationInput input, EscalationProgress progress, int level, IReadOnlyList<DispatchRecord> dispatches,
        ChainLink link, ReviewDecision review, EscalationActivities activities, ClosePlan? recorded)
    {
        var plan = recorded;
        if (plan is null)
        {
            if (review.Outcome == ResolutionOutcomes.Duplicate)
            {
                await context.CallActivityAsync(LinkDuplicateActivity.Name, new DuplicateLink(input.EventId, review.DuplicateOfEventId!), EscalationActivities.ActivityRetry);
            }

            plan = PlanClose(context, input, link, review, activities.Round);
            await activities.RecordTogetherAsync(plan.Drafts);
        }

        if (plan.FollowUpEndsUtc is { } ends)
        {
            return await EventFollowUp.OpenAsync(context, input, progress, activities, level, dispatches, plan.Closed, ends);
        }

        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Done, null, false, activities.Round));
        return plan.Closed;
    }

    /// <summary>A close as drafted: its steps (with the follow-up request it opens, when followed up), how the event closed, when the follow-up ends.</summary>
    private sealed record ClosePlan(StepDraft[] Drafts, EscalationOutcome Closed, DateTimeOffset? FollowUpEndsUtc);

    /// <summary>The close a resolving review makes at the tier <paramref name="link"/> holds, in <paramref name="closedRound"/>.</summary>
    private static ClosePlan PlanClose(TaskOrchestrationContext context, EscalationInput input, ChainLink link, ReviewDecision review, int closedRound)
    {
        // Decided before the close is written: the row goes straight to the follow-up stage, so the watchdog never sees
        // a followed-up event as done and stops looking after it (a reopen needs it listed).
        var followUp = input.FollowUpWindow is { } window && window > TimeSpan.Zero && FollowUpRules.IsFollowedUp(review.Outcome) ? window : (TimeSpan?)null;
        var fixedIt = review.Outcome == ResolutionOutcomes.Fixed;
        var status = fixedIt ? EventStatus.Resolved : EventStatus.Closed;
        var resolved = new StepDraft(TimelineKinds.Resolved, link, review.ReviewerPersonId, review.ReviewerName, Describe(review), null,
            new EventChange
            {
                Status = status,
                Stage = followUp is null ? EventStage.Done : EventStage.FollowUp,
                Outcome = review.Outcome,
                Resolution = review.Note,
                ResolvedTier = link.Tier.ToWireName(),
                ResolvedByPersonId = review.ReviewerPersonId,
                ClosedAt = context.CurrentUtcDateTime,
                DuplicateOfEventId = review.DuplicateOfEventId,
                Overdue = false,
            }, review.SubmissionId,
            [new StepNotice(NotificationKinds.Resolved, link, null, review.Outcome), StepNotice.ToReporter(ReporterUpdateKinds.Resolved, link, null, review.Outcome)]);
        var closed = new EscalationOutcome(status, review.Outcome!, link.Tier.ToWireName(), review.ReviewerPersonId);
        if (followUp is { } followUpWindow)
        {
            // The close and the follow-up request it opens are recorded together.
            var ends = context.CurrentUtcDateTime + followUpWindow;
            return new ClosePlan(EventFollowUp.CloseDrafts(resolved, link, closedRound, ends), closed, ends);
        }

        return new ClosePlan([resolved], closed, null);
    }

    private static StepDraft EscalatedDraft(ChainLink link, ReviewDecision review, ReviewDeadline deadline) =>
        new(TimelineKinds.Escalated, link, review.ReviewerPersonId, review.ReviewerName, Describe(review), deadline.DeadlineUtc, SubmissionId: review.SubmissionId,
            Notices: [new StepNotice(NotificationKinds.Escalated, link, null, review.Note)]);

    private static string Describe(ReviewDecision review) =>
        (review.SupervisorSteppingIn ? "supervisor stepped in; " : "") + review.Decision +
        (review.Outcome is null ? "" : " (" + review.Outcome + ")") +
        (string.IsNullOrWhiteSpace(review.Note) ? "" : ": " + review.Note);
}
