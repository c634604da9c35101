using System.Text.Json;
using Grassroots.Domain.Events;
using Grassroots.Domain;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;

namespace Grassroots.Functions.Escalation;

public enum DispatchOutcome
{
    /// <summary>Every department resolved its part: the event closes.</summary>
    AllResolved,
    /// <summary>A department returned it: back to the dispatching tier for a new decision.</summary>
    Returned,
    /// <summary>A department missed a deadline: charged to its contact, and the event escalates one tier.</summary>
    DeadlineMissed,
}

public sealed record DispatchResult(DispatchOutcome Outcome, string Note);

/// <summary>
/// The department part of the escalation: each dispatched department gets its queue message, then the orchestration
/// follows all of them in parallel, each report raced against that department's acknowledge and resolve deadlines.
/// </summary>
public static class DepartmentDispatch
{
    /// <summary>One external-event name per department and round: a report for one dispatch round can't settle a later one.</summary>
    public static string ReportEventName(string departmentId, int round) =>
        "department-report-" + departmentId + "-r" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="round">The event's round for this dispatch; the departments' reports name it.</param>
    public static async Task<DispatchResult> RunAsync(
        TaskOrchestrationContext context, EscalationInput input, ChainLink link, ReviewDecision review, EscalationActivities activities,
        List<DispatchRecord> history, int round)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(history);
        var plan = await context.CallActivityAsync<IReadOnlyList<DepartmentAssignment>>(
            PlanDispatchActivity.Name, new DispatchRequest(input.EventId, review.Departments!, context.CurrentUtcDateTime, input.Policy), EscalationActivities.ActivityRetry);
        if (plan.Count == 0)
        {
            return new DispatchResult(DispatchOutcome.Returned, "none of the departments is in the directory any more");
        }

        activities.Round = round;
        foreach (var assignment in plan)
        {
            history.Add(new DispatchRecord(round, assignment.DepartmentId, assignment.DepartmentName, link.NodeId, review.ReviewerPersonId,
                context.CurrentUtcDateTime, assignment.AcknowledgeByUtc, assignment.ResolveByUtc, DispatchStates.Dispatched, null));
        }

        var firstAcknowledgeBy = plan.Min(a => a.AcknowledgeByUtc);
        var dispatched = await activities.RecordAsync(TimelineKinds.Dispatched, link, review.ReviewerPersonId, review.ReviewerName,
            "to " + string.Join(", ", plan.Select(a => a.DepartmentName)) + (string.IsNullOrWhiteSpace(review.Note) ? "" : ": " + review.Note),
            firstAcknowledgeBy,
            new EventChange { Stage = EventStage.Dispatched, DeadlineUtc = firstAcknowledgeBy, DispatchesJson = JsonSerializer.Serialize(history), Round = round });
        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Dispatched, firstAcknowledgeBy, false, round));
        foreach (var assignment in plan)
        {
            await activities.NotifyAsync(NotificationKinds.Dispatched, dispatched, link, assignment.AcknowledgeByUtc, review.Note,
                assignment.DepartmentId, assignment.QueueName);
        }

        await activities.TellReporterAsync(ReporterUpdateKinds.Dispatched, dispatched, link, null, "to " + string.Join(", ", plan.Select(a => a.DepartmentName)));

        var followers = plan.Select(a => new DepartmentFollower(context, activities, link, a, round, history)).ToList();
        try
        {
            return await FollowAllAsync(followers, activities, link, history, round);
        }
        finally
        {
            followers.ForEach(f => f.Dispose());
        }
    }

    private static async Task<DispatchResult> FollowAllAsync(
        List<DepartmentFollower> followers, EscalationActivities activities, ChainLink link, List<DispatchRecord> history, int round)
    {
        var pending = followers.Select(f => f.FollowAsync()).ToList();
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            var result = await finished;
            if (result is not null)
            {
                // One department returned the event or let it slip: the others' parts are called off.
                foreach (var follower in followers)
                {
                    follower.Withdraw();
                }

                await Task.WhenAll(pending);
                await activities.RecordAsync(TimelineKinds.Dispatched, link, null, null, "dispatch ended: " + result.Note, null,
                    new EventChange { DispatchesJson = JsonSerializer.Serialize(history) });
                return result;
            }
        }

        return new DispatchResult(DispatchOutcome.AllResolved,
            string.Join("; ", history.Where(h => h.Round == round).Select(h => h.DepartmentName + (h.Note is null ? "" : ": " + h.Note))));
    }

    /// <summary>Follows one department: acknowledge by the first deadline, resolve by the second, or return it.</summary>
    private sealed class DepartmentFollower(
        TaskOrchestrationContext context, EscalationActivities activities, ChainLink link, DepartmentAssignment assignment, int round, List<DispatchRecord> history) : IDisposable
    {
        private readonly CancellationTokenSource withdrawal = new();

        public void Dispose() => withdrawal.Dispose();

        public void Withdraw()
        {
            if (!withdrawal.IsCancellationRequested)
            {
                withdrawal.Cancel();
                SetState(DispatchStates.Withdrawn, null, onlyIfOpen: true);
            }
        }

        /// <returns>Null when the department resolved its part; otherwise why the dispatch ends.</returns>
        public async Task<DispatchResult?> FollowAsync()
        {
            var state = DispatchStates.Dispatched;
            // Reports taken from the accepted decisions when a timer fired first; their raised copies are skipped.
            var applied = new HashSet<string>(StringComparer.Ordinal);
            using var timerCancel = CancellationTokenSource.CreateLinkedTokenSource(withdrawal.Token);
            var deadline = assignment.AcknowledgeByUtc;
            var timer = context.CreateTimer(deadline.UtcDateTime, timerCancel.Token);
            var report = WaitForReport();
            var timerSource = timerCancel;
            try
            {
                while (true)
                {
                    await Task.WhenAny(report, timer);
                    if (withdrawal.IsCancellationRequested)
                    {
                        return null;
                    }

                    DepartmentReport received;
                    if (report.IsCompleted)
                    {
                        received = await report;
                        // The waiter is used up: listen again at once, so no later report meets a stale waiter.
                        report = WaitForReport();
                        if (received.SubmissionId is { } id && !applied.Add(id))
                        {
                            continue;
                        }
                    }
                    else if (await OnTimeReportAsync(state, deadline, applied) is { } onTime)
                    {
                        // The timer fired first, but the department had answered in time; its message is still on its way.
                        applied.Add(onTime.SubmissionId!);
                        received = onTime;
                    }
                    else
                    {
                        return await MissedAsync(state == DispatchStates.Dispatched ? BreachKinds.DepartmentAcknowledge : BreachKinds.DepartmentResolve, deadline);
                    }

                    var next = received.Round == round ? DispatchRules.Apply(state, received.Kind) : null;
                    if (next is null)
                    {
                        var reason = received.Round != round ? $"it answers round {received.Round}, the dispatch is round {round}"
                            : DispatchRules.AlreadyApplied(state, received.Kind) ? $"a repeat of the {received.Kind} report already applied"
                            : $"it does not fit a dispatch that is {state}";
                        await activities.RecordAsync(TimelineKinds.DepartmentReportRejected, link, DepartmentActor, assignment.DepartmentName,
                            $"{received.Kind} from {assignment.DepartmentName} rejected: {reason}", deadline, submissionId: received.SubmissionId);
                        continue;
                    }

                    state = next;
                    SetState(state, received.Reason ?? received.Note, onlyIfOpen: false);
                    switch (state)
                    {
                        case DispatchStates.Acknowledged:
                            await activities.RecordAsync(TimelineKinds.DepartmentAcknowledged, link, DepartmentActor, assignment.DepartmentName, received.Note,
                                assignment.ResolveByUtc, new EventChange { DeadlineUtc = assignment.ResolveByUtc, DispatchesJson = JsonSerializer.Serialize(history) }, received.SubmissionId);
                            // Acknowledged in time: the first timer is done with; the resolve deadline runs from here.
                            timerSource.Cancel();
                            timerSource.Dispose();
                            timerSource = CancellationTokenSource.CreateLinkedTokenSource(withdrawal.Token);
                            deadline = assignment.ResolveByUtc;
                            timer = context.CreateTimer(deadline.UtcDateTime, timerSource.Token);
                            continue;
                        case DispatchStates.Resolved:
                            timerSource.Cancel();
                            await activities.RecordAsync(TimelineKinds.DepartmentResolved, link, DepartmentActor, assignment.DepartmentName, received.Note, null,
                                new EventChange { DispatchesJson = JsonSerializer.Serialize(history) }, received.SubmissionId);
                            return null;
                        default:
                            timerSource.Cancel();
                            await activities.RecordAsync(TimelineKinds.DepartmentReturned, link, DepartmentActor, assignment.DepartmentName, received.Reason, null,
                                new EventChange { DispatchesJson = JsonSerializer.Serialize(history) }, received.SubmissionId);
                            return new DispatchResult(DispatchOutcome.Returned, $"{assignment.DepartmentName} returned it: {received.Reason}");
                    }
                }
            }
            finally
            {
                if (!ReferenceEquals(timerSource, timerCancel))
                {
                    timerSource.Dispose();
                }
            }
        }

        private Task<DepartmentReport> WaitForReport() =>
            context.WaitForExternalEvent<DepartmentReport>(ReportEventName(assignment.DepartmentId, round), withdrawal.Token);

        /// <returns>The first report accepted by the deadline, not yet applied, that moves the dispatch on from its state.</returns>
        private async Task<DepartmentReport?> OnTimeReportAsync(string state, DateTimeOffset deadline, HashSet<string> applied)
        {
            var accepted = await activities.AcceptedReportsAsync(assignment.DepartmentId, round, deadline);
            return accepted.FirstOrDefault(r => r.SubmissionId is { } id && !applied.Contains(id) && r.Round == round && DispatchRules.Apply(state, r.Kind) is not null);
        }

        private string DepartmentActor => "department:" + assignment.DepartmentId;

        private async Task<DispatchResult> MissedAsync(string breachKind, DateTimeOffset deadline)
        {
            withdrawal.Cancel();
            SetState(DispatchStates.Overdue, breachKind, onlyIfOpen: false);
            var step = await activities.RecordAsync(TimelineKinds.DepartmentOverdue, link, assignment.ContactPersonId, assignment.ContactName,
                $"{assignment.DepartmentName} missed its {(breachKind == BreachKinds.DepartmentAcknowledge ? "acknowledge" : "resolve")} deadline; breach charged",
                deadline, new EventChange { DispatchesJson = JsonSerializer.Serialize(history) });
            await activities.ChargeBreachAsync(step, breachKind, link, assignment.ContactPersonId, assignment.ContactName, deadline);
            await activities.NotifyAsync(NotificationKinds.DepartmentOverdue, step, link, deadline, breachKind, assignment.DepartmentId, assignment.QueueName);
            return new DispatchResult(DispatchOutcome.DeadlineMissed, $"{assignment.DepartmentName} missed its deadline");
        }

        private void SetState(string state, string? note, bool onlyIfOpen)
        {
            var index = history.FindIndex(h => h.Round == round && h.DepartmentId == assignment.DepartmentId);
            if (onlyIfOpen && DispatchStates.IsSettled(history[index].State))
            {
                return;
            }

            history[index] = history[index] with { State = state, Note = note ?? history[index].Note };
        }
    }
}
