using Grassroots.Domain.Events;
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

    /// <summary>One external-event name per tier: a review saved for a tier the event already left can't be taken for another's.</summary>
    public static string ReviewEventName(Tier tier) => "review-" + tier.ToWireName();

    [Function(OrchestratorName)]
    public static async Task<EscalationOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, EscalationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(OrchestratorName);
        var activities = new EscalationActivities(context, input);
        var policy = new ReviewDeadlinePolicy(input.Policy);

        var dispatches = new List<DispatchRecord>();
        string? arrivalNote = null;
        var level = 0;
        while (true)
        {
            var link = input.Chain[level];
            var review = await ReviewAtTierAsync(context, input, level, activities, policy, logger, arrivalNote);
            arrivalNote = null;
            switch (review.Decision)
            {
                case ReviewDecisions.Resolve:
                    return await ResolveAsync(context, input, link, review, activities);
                case ReviewDecisions.Dispatch:
                    var dispatch = await DepartmentDispatch.RunAsync(context, input, link, review, activities, dispatches);
                    if (dispatch.Outcome == DispatchOutcome.AllResolved)
                    {
                        var closing = review with { Decision = ReviewDecisions.Resolve, Outcome = ResolutionOutcomes.Fixed, Note = "resolved by " + dispatch.Note };
                        return await ResolveAsync(context, input, link, closing, activities);
                    }

                    arrivalNote = dispatch.Note;
                    if (dispatch.Outcome == DispatchOutcome.DeadlineMissed)
                    {
                        // The department's miss moves the event up one tier; at the city it stays there.
                        level = Math.Min(level + 1, input.Chain.Count - 1);
                    }

                    break;
                default:
                    // Escalated, by decision or by a missed deadline (the city never escalates: ReviewRules refuses it, and its misses keep it there).
                    level++;
                    break;
            }
        }
    }

    /// <returns>The accepted review that moves the event on; a missed deadline below the city counts as an escalation.</returns>
    private static async Task<ReviewDecision> ReviewAtTierAsync(
        TaskOrchestrationContext context, EscalationInput input, int level, EscalationActivities activities, ReviewDeadlinePolicy policy, ILogger logger, string? arrivalNote)
    {
        var link = input.Chain[level];
        var personsAtOrAbove = input.Chain.Skip(level).Select(l => l.PersonId).ToHashSet();
        var overdue = false;
        while (true)
        {
            var deadline = policy.For(context.CurrentUtcDateTime);
            await activities.RecordAsync(overdue ? TimelineKinds.Overdue : TimelineKinds.Arrived, link, null, null,
                overdue ? "No tier above the city: still open, re-notified" : arrivalNote, deadline.DeadlineUtc,
                new EventChange
                {
                    Stage = EventStage.AwaitingReview,
                    CurrentTier = link.Tier.ToWireName(),
                    CurrentNodeId = link.NodeId,
                    ResponsiblePersonId = link.PersonId,
                    ResponsiblePersonName = link.PersonName,
                    DeadlineUtc = deadline.DeadlineUtc,
                    Overdue = overdue,
                });
            context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.AwaitingReview, deadline.DeadlineUtc, overdue));
            var requested = await activities.RecordAsync(TimelineKinds.ReviewRequested, link, link.PersonId, link.PersonName, null, deadline.DeadlineUtc);
            await activities.NotifyAsync(NotificationKinds.ReviewRequested, requested, link, deadline.DeadlineUtc, overdue ? "overdue" : null);
            logger.LogInformation("Event {EventId} awaits review at {Tier} {NodeId} until {Deadline}", input.EventId, link.Tier, link.NodeId, deadline.DeadlineUtc);

            using var race = new TierReviewRace(context, ReviewEventName(link.Tier), deadline);
            while (true)
            {
                var turn = await race.NextAsync();
                if (turn.Turn == TierRaceTurn.ReminderDue)
                {
                    var reminded = await activities.RecordAsync(TimelineKinds.ReminderSent, link, link.PersonId, link.PersonName, null, deadline.DeadlineUtc);
                    await activities.NotifyAsync(NotificationKinds.DeadlineReminder, reminded, link, deadline.DeadlineUtc, null);
                    continue;
                }

                if (turn.Review is { } review)
                {
                    var check = ReviewRules.Check(review, link.Tier, personsAtOrAbove);
                    if (!check.IsAccepted)
                    {
                        await activities.RecordAsync(TimelineKinds.ReviewRejected, link, review.ReviewerPersonId, review.ReviewerName,
                            $"{review.Decision} rejected: {check.Reason}", deadline.DeadlineUtc);
                        continue;
                    }

                    race.Accept();
                    if (review.Decision == ReviewDecisions.Escalate)
                    {
                        var escalated = await activities.RecordAsync(TimelineKinds.Escalated, link, review.ReviewerPersonId, review.ReviewerName,
                            Describe(review), deadline.DeadlineUtc);
                        await activities.NotifyAsync(NotificationKinds.Escalated, escalated, link, null, review.Note);
                    }

                    return review;
                }

                // The deadline won: nobody reviewed in time.
                var missed = await activities.RecordAsync(TimelineKinds.DeadlineMissed, link, link.PersonId, link.PersonName,
                    "Not reviewed by the deadline; breach charged", deadline.DeadlineUtc);
                await activities.ChargeBreachAsync(missed, BreachKinds.Review, link, link.PersonId, link.PersonName, deadline.DeadlineUtc);
                if (link.Tier == Tier.City)
                {
                    overdue = true;
                    break;
                }

                await activities.NotifyAsync(NotificationKinds.Escalated, missed, link, deadline.DeadlineUtc, "deadline missed");

                return new ReviewDecision(link.Tier.ToWireName(), ReviewDecisions.Escalate, "system", "deadline", "deadline missed", null, null, null, false);
            }
        }
    }

    private static async Task<EscalationOutcome> ResolveAsync(TaskOrchestrationContext context, EscalationInput input, ChainLink link, ReviewDecision review, EscalationActivities activities)
    {
        var fixedIt = review.Outcome == ResolutionOutcomes.Fixed;
        var status = fixedIt ? EventStatus.Resolved : EventStatus.Closed;
        if (review.Outcome == ResolutionOutcomes.Duplicate)
        {
            await context.CallActivityAsync(LinkDuplicateActivity.Name, new DuplicateLink(input.EventId, review.DuplicateOfEventId!), EscalationActivities.ActivityRetry);
        }

        var step = await activities.RecordAsync(TimelineKinds.Resolved, link, review.ReviewerPersonId, review.ReviewerName, Describe(review), null,
            new EventChange
            {
                Status = status,
                Stage = EventStage.Done,
                Outcome = review.Outcome,
                Resolution = review.Note,
                ResolvedTier = link.Tier.ToWireName(),
                ResolvedByPersonId = review.ReviewerPersonId,
                ClosedAt = context.CurrentUtcDateTime,
                DuplicateOfEventId = review.DuplicateOfEventId,
                Overdue = false,
            });
        await activities.NotifyAsync(NotificationKinds.Resolved, step, link, null, review.Outcome);
        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Done, null, false));
        return new EscalationOutcome(status, review.Outcome!, link.Tier.ToWireName(), review.ReviewerPersonId);
    }

    private static string Describe(ReviewDecision review) =>
        (review.SupervisorSteppingIn ? "supervisor stepped in; " : "") + review.Decision +
        (review.Outcome is null ? "" : " (" + review.Outcome + ")") +
        (string.IsNullOrWhiteSpace(review.Note) ? "" : ": " + review.Note);
}
