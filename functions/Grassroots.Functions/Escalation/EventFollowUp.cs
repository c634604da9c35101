using System.Globalization;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// 回访: after a close the escalation asks the resident whether it was fixed and waits for the answer against the end of
/// the window, a durable timer. "Not fixed" reopens the event at the tier that closed it (重新办理): the escalation
/// continues as new there, in a new round with a fresh deadline under the overnight rule. No answer by the end is
/// recorded as no reply. Part of the event's own orchestration, so the watchdog looks after it like any open wait.
/// </summary>
public static class EventFollowUp
{
    /// <summary>One name per follow-up round: an answer to one follow-up can never be taken by a later one.</summary>
    public static string AnswerEventName(int round) => "follow-up-r" + round.ToString(CultureInfo.InvariantCulture);

    /// <summary>The close and the follow-up request it opens, recorded together; the request answers the next round.</summary>
    public static StepDraft[] CloseDrafts(StepDraft close, ChainLink link, int closedRound, DateTimeOffset ends)
    {
        ArgumentNullException.ThrowIfNull(close);
        ArgumentNullException.ThrowIfNull(link);
        var round = closedRound + 1;
        return
        [
            close with { Round = closedRound },
            new StepDraft(TimelineKinds.FollowUpRequested, link, null, null,
                $"the resident is asked whether it was fixed, until {ends.ToString("O", CultureInfo.InvariantCulture)}", ends,
                new EventChange { Stage = EventStage.FollowUp, Round = round, FollowUpEndsUtc = ends, FollowUpState = FollowUpStates.Open, DeadlineUtc = ends },
                Notices: [StepNotice.ToReporter(ReporterUpdateKinds.FollowUpRequested, link, ends, null)], Round: round),
        ];
    }

    /// <summary>The close and its follow-up request are recorded (<see cref="CloseDrafts"/>): waits for the answer in the next round.</summary>
    /// <param name="level">Index in the chain of the tier that closed the event; a reopen goes back there.</param>
    public static Task<EscalationOutcome?> OpenAsync(
        TaskOrchestrationContext context, EscalationInput input, EscalationProgress progress, EscalationActivities activities,
        int level, IReadOnlyList<DispatchRecord> dispatches, EscalationOutcome closed, DateTimeOffset ends)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(closed);
        var round = activities.Round + 1;
        var phase = new FollowUpPhase(level, round, ends, closed.Status, closed.Outcome, closed.ResolvedByPersonId);
        return WaitAsync(context, input, progress with { Dispatches = dispatches, FollowUp = phase }, phase, activities);
    }

    /// <summary>Waits for the answer or the end of the window, then applies what came. Also where a repaired follow-up starts.</summary>
    public static async Task<EscalationOutcome?> WaitAsync(
        TaskOrchestrationContext context, EscalationInput input, EscalationProgress progress, FollowUpPhase phase, EscalationActivities activities)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(activities);
        activities.Round = phase.Round;
        var link = input.Chain[phase.Level];
        var closed = new EscalationOutcome(phase.Status, phase.Outcome, link.Tier.ToWireName(), phase.ClosedByPersonId);
        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.FollowUp, phase.EndsUtc, false, phase.Round));

        FollowUpAnswer? answer;
        using (var windowCancel = new CancellationTokenSource())
        {
            var windowEnd = context.CreateTimer(phase.EndsUtc.UtcDateTime, windowCancel.Token);
            var answered = context.WaitForExternalEvent<FollowUpAnswer>(AnswerEventName(phase.Round));
            if (await Task.WhenAny(answered, windowEnd) == answered)
            {
                windowCancel.Cancel();
                answer = await answered;
            }
            else
            {
                // The window ended first, but an answer accepted in time may still be on its way (a host that died holding
                // the raised message): the kept answer says whether the resident answered.
                answer = await activities.AcceptedFollowUpAsync(phase.Round, phase.EndsUtc);
            }
        }

        if (answer is null)
        {
            await activities.RecordAsync(TimelineKinds.FollowUpNoReply, link, null, null, "no answer by the end of the follow-up window", phase.EndsUtc,
                new EventChange { Stage = EventStage.Done, FollowUpState = FollowUpStates.NoReply });
            context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Done, null, false, phase.Round));
            return closed;
        }

        await activities.RecordAsync(TimelineKinds.FollowUpAnswered, link, answer.RecordedByPersonId ?? FollowUpChannels.Resident,
            answer.RecordedByName ?? "resident", Describe(answer), phase.EndsUtc,
            new EventChange
            {
                Stage = FollowUpRules.Reopens(answer) ? null : EventStage.Done,
                FollowUpState = FollowUpStates.Answered,
                FollowUpFixed = answer.Fixed,
                FollowUpSatisfaction = answer.Satisfaction,
            }, answer.SubmissionId);
        if (!FollowUpRules.Reopens(answer))
        {
            context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Done, null, false, phase.Round));
            return closed;
        }

        // 重新办理: back to the tier that closed it, counted against that tier and the person who closed it.
        var reopens = progress.Reopens + 1;
        await activities.RecordAsync(TimelineKinds.Reopened, link, phase.ClosedByPersonId, null,
            $"not fixed: reopened at the {link.Tier.ToWireName()} tier ({link.NodeId}) that closed it", null,
            new EventChange { Status = EventStatus.Open, Stage = EventStage.AwaitingReview, Overdue = false, ReopenCount = reopens },
            notices: [StepNotice.ToReporter(ReporterUpdateKinds.Reopened, link, null, null)]);
        var next = new EscalationProgress(phase.Level, phase.Round, activities.Sequence, progress.Dispatches, false,
            "reopened: the follow-up said it was not fixed", phase.Round, null, null, reopens);
        context.ContinueAsNew(input with { Progress = next }, preserveUnprocessedEvents: true);
        return null;
    }

    private static string Describe(FollowUpAnswer answer) =>
        (answer.Fixed ? "fixed" : "not fixed") + $", satisfaction {answer.Satisfaction}" +
        (answer.Via == FollowUpChannels.Phone ? " (phone follow-up)" : "") +
        (string.IsNullOrWhiteSpace(answer.Comment) ? "" : ": " + answer.Comment);
}
