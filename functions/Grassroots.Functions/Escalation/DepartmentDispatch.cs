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
        // Listening before anything is dispatched: durable hands a raised event to the newest open wait of its name, so
        // an import's signal goes to this wait, not to the tier race's that is still open below it.
        var directoryChange = WaitForDirectoryChange(context);
        var plan = await PlanAsync(context, input, review.Departments!, activities);
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
        var notices = plan
            .Select(a => new StepNotice(NotificationKinds.Dispatched, link, a.AcknowledgeByUtc, review.Note, DepartmentId: a.DepartmentId, DepartmentQueue: a.QueueName))
            .Append(StepNotice.ToReporter(ReporterUpdateKinds.Dispatched, link, null, "to " + string.Join(", ", plan.Select(a => a.DepartmentName))))
            .ToList();
        await activities.RecordAsync(TimelineKinds.Dispatched, link, review.ReviewerPersonId, review.ReviewerName,
            "to " + string.Join(", ", plan.Select(a => a.DepartmentName)) + (string.IsNullOrWhiteSpace(review.Note) ? "" : ": " + review.Note),
            firstAcknowledgeBy,
            new EventChange { Stage = EventStage.Dispatched, DeadlineUtc = firstAcknowledgeBy, DispatchesJson = JsonSerializer.Serialize(history), Round = round },
            notices: notices);
        context.SetCustomStatus(new EscalationStatus(link.Tier.ToWireName(), link.NodeId, EventStage.Dispatched, firstAcknowledgeBy, false, round));

        var following = new DispatchFollowing(context, input, activities, link, review, round, history, directoryChange);
        try
        {
            return await following.FollowAllAsync(plan);
        }
        finally
        {
            following.Dispose();
        }
    }

    private static Task<IReadOnlyList<DepartmentAssignment>> PlanAsync(
        TaskOrchestrationContext context, EscalationInput input, IReadOnlyList<string> departmentIds, EscalationActivities activities) =>
        context.CallActivityAsync<IReadOnlyList<DepartmentAssignment>>(
            PlanDispatchActivity.Name, new DispatchRequest(input.EventId, departmentIds, context.CurrentUtcDateTime, input.Policy), EscalationActivities.ActivityRetry);

    private static Task<DirectoryChangeSignal> WaitForDirectoryChange(TaskOrchestrationContext context) =>
        context.WaitForExternalEvent<DirectoryChangeSignal>(TierReviewRace.DirectoryChangedEventName);

    /// <summary>How one department's following ended: resolved (both null), the dispatch ends, or its part moved away.</summary>
    private sealed record PartEnd(DispatchResult? Ended, PendingDispatchMove? Moved);

    /// <summary>
    /// Follows every department of one dispatch round in parallel, and moves a department's part when an import removed
    /// it (转办): the part is marked transferred, the old department told to stop, the new one dispatched with fresh
    /// deadlines. Reports the old department still sends for the round are recorded as rejected.
    /// </summary>
    private sealed class DispatchFollowing(
        TaskOrchestrationContext context, EscalationInput input, EscalationActivities activities, ChainLink link, ReviewDecision review, int round,
        List<DispatchRecord> history, Task<DirectoryChangeSignal> directoryChange) : IDisposable
    {
        // Lists, not dictionaries: the order of the contenders must be the same in every replay.
        private readonly List<(Task<PartEnd> Part, DepartmentFollower Follower)> active = [];
        private readonly List<DepartmentFollower> all = [];
        private readonly List<(Task<DepartmentReport> Report, PendingDispatchMove Move)> movedAway = [];
        private Task<DirectoryChangeSignal> directoryChange = directoryChange;

        public void Dispose() => all.ForEach(f => f.Dispose());

        public async Task<DispatchResult> FollowAllAsync(IReadOnlyList<DepartmentAssignment> plan)
        {
            foreach (var assignment in plan)
            {
                Follow(assignment);
            }

            while (active.Count > 0)
            {
                var contenders = new List<Task>(active.Select(a => (Task)a.Part)) { directoryChange };
                contenders.AddRange(movedAway.Select(m => (Task)m.Report));
                var finished = await Task.WhenAny(contenders);
                if (finished == directoryChange)
                {
                    directoryChange = WaitForDirectoryChange(context);
                    foreach (var move in await activities.DispatchMovesAsync(round))
                    {
                        if (await MoveAsync(move) is { } failed)
                        {
                            return await EndAsync(failed);
                        }
                    }

                    continue;
                }

                var late = movedAway.FindIndex(m => m.Report == finished);
                if (late >= 0)
                {
                    await RejectLateAsync(late);
                    continue;
                }

                var index = active.FindIndex(a => a.Part == finished);
                var (part, _) = active[index];
                active.RemoveAt(index);
                var end = await part;
                if (end.Moved is { } moved)
                {
                    if (await MoveAsync(moved) is { } failed)
                    {
                        return await EndAsync(failed);
                    }
                }
                else if (end.Ended is { } result)
                {
                    return await EndAsync(result);
                }
            }

            return new DispatchResult(DispatchOutcome.AllResolved,
                string.Join("; ", history.Where(h => h.Round == round && h.State != DispatchStates.Transferred)
                    .Select(h => h.DepartmentName + (h.Note is null ? "" : ": " + h.Note))));
        }

        private void Follow(DepartmentAssignment assignment)
        {
            var follower = new DepartmentFollower(context, activities, link, assignment, round, history);
            all.Add(follower);
            active.Add((follower.FollowAsync(), follower));
        }

        /// <summary>One department returned the event or let it slip: the others' parts are called off.</summary>
        private async Task<DispatchResult> EndAsync(DispatchResult result)
        {
            foreach (var (_, follower) in active)
            {
                follower.Withdraw();
            }

            await Task.WhenAll(active.Select(a => a.Part));
            active.Clear();
            await activities.RecordAsync(TimelineKinds.Dispatched, link, null, null, "dispatch ended: " + result.Note, null,
                new EventChange { DispatchesJson = JsonSerializer.Serialize(history) });
            return result;
        }

        /// <summary>
        /// 转办 of one department's part. A move for a part no longer followed (already moved, a repeated signal, or the
        /// part settled first) changes nothing, so the signal, the report and the deadline may all find the same move.
        /// </summary>
        /// <returns>Null, or why the dispatch ends when the new department can't be dispatched to.</returns>
        private async Task<DispatchResult?> MoveAsync(PendingDispatchMove move)
        {
            var from = all.FirstOrDefault(f => f.DepartmentId == move.FromDepartmentId);
            if (from is null || !from.IsOpen)
            {
                return null;
            }

            var index = active.FindIndex(a => a.Follower == from);
            if (index >= 0)
            {
                active.RemoveAt(index);
            }

            var to = history.FirstOrDefault(h => h.Round == round && h.DepartmentId == move.ToDepartmentId);
            var plan = to is null ? await PlanAsync(context, input, [move.ToDepartmentId], activities) : [];
            var target = plan.Count > 0 ? plan[0].DepartmentName : to?.DepartmentName ?? move.ToDepartmentId;
            from.Transfer($"moved to {target} ({move.ToDepartmentId}) by import {move.ImportId}");
            var transferred = await activities.RecordAsync(TimelineKinds.Transferred, link, null, null,
                $"{from.DepartmentName} ({from.DepartmentId}) was removed from the directory (import {move.ImportId}); its part moved to {target} ({move.ToDepartmentId})" +
                (to is null ? "" : ", which already has a part of this dispatch"),
                null, new EventChange { DispatchesJson = JsonSerializer.Serialize(history) });
            await activities.NotifyAsync(NotificationKinds.DispatchWithdrawn, transferred, link, null, $"moved to {target} ({move.ToDepartmentId})",
                from.DepartmentId, from.QueueName);
            movedAway.Add((WaitForReport(move.FromDepartmentId), move));
            if (to is not null)
            {
                return null;
            }

            if (plan.Count == 0)
            {
                // The activity that found the move saw the target in the directory; an import since then removed it too.
                return new DispatchResult(DispatchOutcome.Returned, $"{from.DepartmentName}'s part could not move: {move.ToDepartmentId} is not in the directory any more");
            }

            var assignment = plan[0];
            history.Add(new DispatchRecord(round, assignment.DepartmentId, assignment.DepartmentName, link.NodeId, review.ReviewerPersonId,
                context.CurrentUtcDateTime, assignment.AcknowledgeByUtc, assignment.ResolveByUtc, DispatchStates.Dispatched, $"moved from {from.DepartmentName}"));
            var dispatched = await activities.RecordAsync(TimelineKinds.Dispatched, link, null, null,
                $"to {assignment.DepartmentName}, moved from {from.DepartmentName} (import {move.ImportId})", assignment.AcknowledgeByUtc,
                new EventChange { DeadlineUtc = assignment.AcknowledgeByUtc, DispatchesJson = JsonSerializer.Serialize(history) });
            await activities.NotifyAsync(NotificationKinds.Dispatched, dispatched, link, assignment.AcknowledgeByUtc, review.Note,
                assignment.DepartmentId, assignment.QueueName);
            Follow(assignment);
            return null;
        }

        /// <summary>A report of a department whose part moved away: recorded, never acted on; the next one is listened for.</summary>
        private async Task RejectLateAsync(int index)
        {
            var (report, move) = movedAway[index];
            movedAway[index] = (WaitForReport(move.FromDepartmentId), move);
            var received = await report;
            var from = all.First(f => f.DepartmentId == move.FromDepartmentId);
            await activities.RecordAsync(TimelineKinds.DepartmentReportRejected, link, "department:" + move.FromDepartmentId, from.DepartmentName,
                $"{received.Kind} from {from.DepartmentName} rejected: its part moved to {move.ToDepartmentId} (import {move.ImportId})",
                submissionId: received.SubmissionId);
        }

        private Task<DepartmentReport> WaitForReport(string departmentId) =>
            context.WaitForExternalEvent<DepartmentReport>(ReportEventName(departmentId, round));
    }

    /// <summary>Follows one department: acknowledge by the first deadline, resolve by the second, or return it.</summary>
    private sealed class DepartmentFollower(
        TaskOrchestrationContext context, EscalationActivities activities, ChainLink link, DepartmentAssignment assignment, int round, List<DispatchRecord> history) : IDisposable
    {
        private readonly CancellationTokenSource withdrawal = new();

        public string DepartmentId => assignment.DepartmentId;

        public string DepartmentName => assignment.DepartmentName;

        public string QueueName => assignment.QueueName;

        /// <summary>The department's part is neither settled nor moved.</summary>
        public bool IsOpen => !DispatchStates.IsSettled(history[Index].State);

        public void Dispose() => withdrawal.Dispose();

        public void Withdraw()
        {
            if (!withdrawal.IsCancellationRequested)
            {
                withdrawal.Cancel();
                SetState(DispatchStates.Withdrawn, null, onlyIfOpen: true);
            }
        }

        /// <summary>转办: the part moved to another department; this one is no longer followed.</summary>
        public void Transfer(string note)
        {
            SetState(DispatchStates.Transferred, note, onlyIfOpen: true);
            if (!withdrawal.IsCancellationRequested)
            {
                withdrawal.Cancel();
            }
        }

        /// <returns>Resolved (nothing set) when the department resolved its part; otherwise why the dispatch ends, or the move that took the part away.</returns>
        public async Task<PartEnd> FollowAsync()
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
                        return Resolved;
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

                        // The import's signal may have been lost: a report is when the move is looked for again.
                        if (await MovedAsync() is { } moved)
                        {
                            await activities.RecordAsync(TimelineKinds.DepartmentReportRejected, link, DepartmentActor, assignment.DepartmentName,
                                $"{received.Kind} from {assignment.DepartmentName} rejected: its part moved to {moved.ToDepartmentId} (import {moved.ImportId})",
                                deadline, submissionId: received.SubmissionId);
                            return new PartEnd(null, moved);
                        }
                    }
                    else if (await MovedAsync() is { } moved)
                    {
                        // A removed department is not charged for a deadline that passed after the import moved its part.
                        return new PartEnd(null, moved);
                    }
                    else if (await OnTimeReportAsync(state, deadline, applied) is { } onTime)
                    {
                        // The timer fired first, but the department had answered in time; its message is still on its way.
                        applied.Add(onTime.SubmissionId!);
                        received = onTime;
                    }
                    else
                    {
                        return new PartEnd(await MissedAsync(state == DispatchStates.Dispatched ? BreachKinds.DepartmentAcknowledge : BreachKinds.DepartmentResolve, deadline), null);
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
                            return Resolved;
                        default:
                            timerSource.Cancel();
                            await activities.RecordAsync(TimelineKinds.DepartmentReturned, link, DepartmentActor, assignment.DepartmentName, received.Reason, null,
                                new EventChange { DispatchesJson = JsonSerializer.Serialize(history) }, received.SubmissionId);
                            return new PartEnd(new DispatchResult(DispatchOutcome.Returned, $"{assignment.DepartmentName} returned it: {received.Reason}"), null);
                    }
                }
            }
            finally
            {
                // Whatever ended the following, its timer is called off: a withdrawal cancels the report's wait first, and
                // this method returns (disposing the linked source) before the withdrawal would have reached the timer.
                timerSource.Cancel();
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

        private static PartEnd Resolved { get; } = new(null, null);

        private int Index => history.FindIndex(h => h.Round == round && h.DepartmentId == assignment.DepartmentId);

        private async Task<PendingDispatchMove?> MovedAsync() =>
            (await activities.DispatchMovesAsync(round)).FirstOrDefault(m => m.FromDepartmentId == assignment.DepartmentId);

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
            var index = Index;
            if (onlyIfOpen && DispatchStates.IsSettled(history[index].State))
            {
                return;
            }

            history[index] = history[index] with { State = state, Note = note ?? history[index].Note };
        }
    }
}
