using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Grassroots.Functions.Tests.Escalation;

/// <summary>
/// 转办 of a dispatch: an import removed the dispatched department and named where its part moves. The orchestrator runs
/// against a strict mock context whose timers and waits are cancelled by their tokens, as durable's are.
/// </summary>
public sealed class DispatchMoveOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset AcknowledgeBy = new(2026, 11, 27, 15, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset ResolveBy = new(2026, 12, 4, 15, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset MovedAcknowledgeBy = AcknowledgeBy.AddHours(1);

    private static readonly EscalationInput Input = new(
        "EV1",
        "housing",
        [new ChainLink("t1", "Street", Tier.Town, "p-town", "Street Centre", "app:p-town")],
        new ReviewDeadlineSettings());

    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly List<StepRecord> steps = [];
    private readonly List<Notification> notifications = [];
    private readonly List<BreachRecord> breaches = [];
    private readonly List<DispatchRequest> plans = [];
    private readonly List<(DateTime At, CancellationToken Token, TaskCompletionSource Fire)> timers = [];
    private readonly Dictionary<string, List<TaskCompletionSource<DepartmentReport>>> reportWaits = [];
    private readonly List<TaskCompletionSource<DirectoryChangeSignal>> directoryChanges = [];
    private readonly List<PendingDispatchMove> pendingMoves = [];
    private int moveReads;

    public DispatchMoveOrchestratorTests()
    {
        context.Setup(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()));
        context.Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == RecordStepActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => steps.Add((StepRecord)input!))
            .Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == ChargeBreachActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => breaches.Add((BreachRecord)input!))
            .Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<NoticeDelivery>(It.Is<TaskName>(n => n.Name == NotifyActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            // Staff notices only: the reporter's status messages go through the same activity and are not what a move is about.
            .Callback((TaskName _, object? input, TaskOptions? _) =>
            {
                if (input is Notification { ToReporter: false } notice)
                {
                    notifications.Add(notice);
                }
            })
            .ReturnsAsync(NoticeDelivery.Sent);
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.NotifyingName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) =>
            {
                var notifying = (NotifyingStep)input!;
                steps.Add(notifying.Step);
                notifications.AddRange(notifying.Notices.Where(n => !n.ToReporter));
            })
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                Task.FromResult<IReadOnlyList<NoticeDelivery>>([.. ((NotifyingStep)input!).Notices.Select(_ => NoticeDelivery.Sent)]));
        // Steps recorded together (an arrival and its review request): as if each were recorded with its notices in turn.
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.TogetherName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) =>
            {
                foreach (var notifying in ((NotifyingSteps)input!).Steps)
                {
                    steps.Add(notifying.Step);
                    notifications.AddRange(notifying.Notices.Where(n => !n.ToReporter));
                }
            })
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                Task.FromResult<IReadOnlyList<NoticeDelivery>>([.. ((NotifyingSteps)input!).Steps.SelectMany(s => s.Notices).Select(_ => NoticeDelivery.Sent)]));
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<DepartmentReport>>(It.Is<TaskName>(n => n.Name == AcceptedDecisionActivities.ReportsName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync([]);
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<DepartmentAssignment>>(It.Is<TaskName>(n => n.Name == PlanDispatchActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var request = (DispatchRequest)input!;
                plans.Add(request);
                return Task.FromResult<IReadOnlyList<DepartmentAssignment>>([.. request.DepartmentIds.Select(Assignment)]);
            });
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<PendingDispatchMove>>(It.Is<TaskName>(n => n.Name == ReadDispatchMovesActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                moveReads++;
                var query = (DispatchMovesQuery)input!;
                return Task.FromResult<IReadOnlyList<PendingDispatchMove>>([.. pendingMoves.Where(m => m.Round == query.Round)]);
            });
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken token) =>
            {
                var fire = new TaskCompletionSource();
                token.Register(() => fire.TrySetCanceled(token));
                timers.Add((at, token, fire));
                return fire.Task;
            });
        context.Setup(c => c.WaitForExternalEvent<DirectoryChangeSignal>(TierReviewRace.DirectoryChangedEventName, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken _) =>
            {
                var signal = new TaskCompletionSource<DirectoryChangeSignal>();
                directoryChanges.Add(signal);
                return signal.Task;
            });
        context.Setup(c => c.WaitForExternalEvent<DepartmentReport>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CancellationToken token) =>
            {
                var wait = new TaskCompletionSource<DepartmentReport>();
                token.Register(() => wait.TrySetCanceled(token));
                if (!reportWaits.TryGetValue(name, out var waits))
                {
                    reportWaits[name] = waits = [];
                }

                waits.Add(wait);
                return wait.Task;
            });
    }

    [Fact]
    public async Task A_signal_during_the_dispatch_moves_the_part_records_transferred_withdraws_the_old_department_and_dispatches_the_new_one_with_fresh_deadlines()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));

        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));

        Assert.Equal([TimelineKinds.Dispatched, TimelineKinds.Transferred, TimelineKinds.Dispatched], steps.Select(s => s.Kind));
        Assert.Contains("housing", steps[1].Note, StringComparison.Ordinal);
        Assert.Contains("court", steps[1].Note, StringComparison.Ordinal);
        Assert.Equal(
            [(NotificationKinds.Dispatched, "housing", 1), (NotificationKinds.DispatchWithdrawn, "housing", 2), (NotificationKinds.Dispatched, "court", 3)],
            notifications.Select(n => (n.Kind, n.DepartmentId, n.Step)));
        // A new step, so a new MessageId: duplicate detection can't drop the new department's notice as a repeat.
        Assert.Equal(3, notifications.Select(n => n.MessageId).Distinct().Count());
        Assert.Equal([["housing"], ["court"]], plans.Select(p => p.DepartmentIds));
        Assert.Equal(
            [("housing", DispatchStates.Transferred), ("court", DispatchStates.Dispatched)],
            history.Select(h => (h.DepartmentId, h.State)));
        Assert.Equal((MovedAcknowledgeBy, 2), (history[1].AcknowledgeByUtc, history[1].Round));
        Assert.Equal(MovedAcknowledgeBy, steps[2].Change!.DeadlineUtc);
        // The old department's timer is called off; the new one runs against its own acknowledge deadline.
        Assert.True(timers[0].Fire.Task.IsCanceled);
        Assert.Equal(MovedAcknowledgeBy.UtcDateTime, timers[^1].At);

        Report("court", DepartmentReportKinds.Acknowledged);
        Report("court", DepartmentReportKinds.Resolved);
        var result = await run;

        Assert.Equal(DispatchOutcome.AllResolved, result.Outcome);
        Assert.DoesNotContain("housing", result.Note, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(breaches);
    }

    [Fact]
    public async Task A_lost_signal_is_picked_up_at_the_deadline_and_the_removed_department_is_not_charged()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));

        timers[0].Fire.SetResult();

        Assert.Empty(breaches);
        Assert.Equal([TimelineKinds.Dispatched, TimelineKinds.Transferred, TimelineKinds.Dispatched], steps.Select(s => s.Kind));
        Assert.Equal(NotificationKinds.DispatchWithdrawn, notifications[1].Kind);
        Assert.Equal(("court", DispatchStates.Dispatched), (history[^1].DepartmentId, history[^1].State));
        Report("court", DepartmentReportKinds.Resolved);
        Assert.Equal(DispatchOutcome.AllResolved, (await run).Outcome);
    }

    [Fact]
    public async Task A_duplicated_signal_moves_the_part_once()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));

        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));
        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));

        Assert.Equal(2, moveReads);
        Assert.Equal([TimelineKinds.Dispatched, TimelineKinds.Transferred, TimelineKinds.Dispatched], steps.Select(s => s.Kind));
        Assert.Single(notifications, n => n.Kind == NotificationKinds.Dispatched && n.DepartmentId == "court");
        Assert.Equal(2, history.Count);
        Report("court", DepartmentReportKinds.Resolved);
        Assert.Equal(DispatchOutcome.AllResolved, (await run).Outcome);
    }

    [Fact]
    public async Task The_old_departments_report_after_the_move_is_recorded_as_rejected_and_never_acted_on()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));
        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));

        // Durable hands the raised report to the newest wait of its name: the one the move left listening.
        reportWaits[DepartmentDispatch.ReportEventName("housing", 2)][^1].SetResult(
            new DepartmentReport("housing", DepartmentReportKinds.Resolved, null, "done anyway", 2) { SubmissionId = "late" });

        var rejected = Assert.Single(steps, s => s.Kind == TimelineKinds.DepartmentReportRejected);
        Assert.Equal(("department:housing", "late"), (rejected.ActorId, rejected.SubmissionId));
        Assert.Contains("moved to court", rejected.Note, StringComparison.Ordinal);
        Assert.Equal(DispatchStates.Transferred, history[0].State);
        Assert.False(run.IsCompleted);
        Report("court", DepartmentReportKinds.Resolved);
        Assert.Equal(DispatchOutcome.AllResolved, (await run).Outcome);
    }

    [Fact]
    public async Task A_report_of_the_old_department_that_meets_a_lost_signal_is_rejected_and_the_part_moves()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));

        Report("housing", DepartmentReportKinds.Resolved);

        Assert.Equal([TimelineKinds.Dispatched, TimelineKinds.DepartmentReportRejected, TimelineKinds.Transferred, TimelineKinds.Dispatched], steps.Select(s => s.Kind));
        Assert.Equal(("court", DispatchStates.Dispatched), (history[^1].DepartmentId, history[^1].State));
        Assert.False(run.IsCompleted);
        Report("court", DepartmentReportKinds.Resolved);
        Assert.Equal(DispatchOutcome.AllResolved, (await run).Outcome);
    }

    [Fact]
    public async Task A_move_to_a_department_already_in_the_dispatch_joins_its_part_without_a_second_dispatch()
    {
        var history = new List<DispatchRecord>();
        var run = Dispatch(history, "housing", "court");
        pendingMoves.Add(new PendingDispatchMove("DI1", 2, "housing", "court"));

        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));

        Assert.Equal([TimelineKinds.Dispatched, TimelineKinds.Transferred], steps.Select(s => s.Kind));
        Assert.Single(plans);
        Assert.Equal([("housing", DispatchStates.Transferred), ("court", DispatchStates.Dispatched)], history.Select(h => (h.DepartmentId, h.State)));
        Report("court", DepartmentReportKinds.Resolved);
        Assert.Equal(DispatchOutcome.AllResolved, (await run).Outcome);
    }

    private Task<DispatchResult> Dispatch(List<DispatchRecord> history, params string[] departments)
    {
        var review = new ReviewDecision("town", ReviewDecisions.Dispatch, "p-town", "Street Centre", "measure the flat", null, null, departments, false, 1);
        return DepartmentDispatch.RunAsync(context.Object, Input, Input.Chain[0], review, new EscalationActivities(context.Object, Input), history, 2);
    }

    private void Report(string departmentId, string kind) =>
        reportWaits[DepartmentDispatch.ReportEventName(departmentId, 2)][^1].SetResult(new DepartmentReport(departmentId, kind, null, "note", 2) { SubmissionId = departmentId + kind });

    private DepartmentAssignment Assignment(string departmentId) => new(
        departmentId, departmentId, "dept-" + departmentId, "p-" + departmentId, "Desk " + departmentId, "queue:dept-" + departmentId,
        plans.Count > 1 ? MovedAcknowledgeBy : AcknowledgeBy, ResolveBy);
}
