using Grassroots.Domain.Events;
using Grassroots.Domain;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Grassroots.Functions.Tests.Escalation;

/// <summary>The orchestrator against a strict mock context: every call it makes must be one we expect.</summary>
public sealed class EventEscalationOrchestratorTests
{
    // 09:00 in Shanghai: deadline 23:59:59 local, reminder two hours before.
    private static readonly DateTime Now = new(2026, 11, 27, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Deadline = new(2026, 11, 27, 15, 59, 59, DateTimeKind.Utc);
    private static readonly DateTime Reminder = new(2026, 11, 27, 13, 59, 59, DateTimeKind.Utc);

    private static readonly EscalationInput Input = new(
        "EV1",
        "dispute",
        [
            new ChainLink("u1", "Unit 1", Tier.Unit, "p-unit", "Unit Head", "app:p-unit"),
            new ChainLink("g1", "Grid 1", Tier.Grid, "p-grid", "Grid Worker", "app:p-grid"),
        ],
        new ReviewDeadlineSettings());

    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly List<StepRecord> steps = [];
    private readonly List<Notification> notifications = [];
    private readonly List<BreachRecord> breaches = [];
    private readonly List<(DateTime At, CancellationToken Token, TaskCompletionSource Fire)> timers = [];
    private readonly Dictionary<string, Queue<TaskCompletionSource<ReviewDecision>>> reviews = [];
    private readonly List<EscalationInput> continuedAs = [];
    private readonly Dictionary<int, List<ReviewDecision>> acceptedByRound = [];
    private readonly List<AcceptedReviewsQuery> acceptedQueries = [];
    private readonly List<HeldStepsRequest> heldReads = [];

    // The live directory the ReadHolder activity answers from: who is on duty at each node, who else may answer, pending moves.
    private readonly Dictionary<string, ChainLink> onDuty = Input.Chain.ToDictionary(l => l.NodeId);
    private readonly HashSet<string> deputiesOnDuty = [];
    private readonly List<TaskCompletionSource<DirectoryChangeSignal>> directoryChanges = [];
    private (PendingTransfer Transfer, List<ChainLink> Chain)? pendingMove;

    public EventEscalationOrchestratorTests()
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
            .Callback((TaskName _, object? input, TaskOptions? _) => notifications.Add((Notification)input!))
            .ReturnsAsync(NoticeDelivery.Sent);
        // A step and the notices it sends, in one activity: recorded and sent as the two activities did one after the other.
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.NotifyingName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) =>
            {
                var notifying = (NotifyingStep)input!;
                steps.Add(notifying.Step);
                notifications.AddRange(notifying.Notices);
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
                    notifications.AddRange(notifying.Notices);
                }
            })
            .Returns((TaskName _, object? input, TaskOptions? _) =>
                Task.FromResult<IReadOnlyList<NoticeDelivery>>([.. ((NotifyingSteps)input!).Steps.SelectMany(s => s.Notices).Select(_ => NoticeDelivery.Sent)]));
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<ReviewDecision>>(It.Is<TaskName>(n => n.Name == AcceptedDecisionActivities.ReviewsName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => acceptedQueries.Add((AcceptedReviewsQuery)input!))
            .Returns((TaskName _, object? input, TaskOptions? _) => Task.FromResult<IReadOnlyList<ReviewDecision>>(
                acceptedByRound.GetValueOrDefault(((AcceptedReviewsQuery)input!).Round) ?? []));
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken token) =>
            {
                var fire = new TaskCompletionSource();
                timers.Add((at, token, fire));
                return fire.Task;
            });
        context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback((object? input, bool preserve) =>
            {
                // Decisions in flight for an ended round must reach the next generation, to be recorded there.
                Assert.True(preserve);
                continuedAs.Add((EscalationInput)input!);
            });
        context.Setup(c => c.CallActivityAsync<HolderAnswer>(It.Is<TaskName>(n => n.Name == ReadHolderActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? query, TaskOptions? _) => Task.FromResult(Holder((HolderQuery)query!)));
        // The holder read with the steps that follow (an arrival, a decision's step): recorded as the activity records them,
        // only for the holder they name and, with a decision, when the rules accept it from the people on duty read.
        context.Setup(c => c.CallActivityAsync<HeldSteps>(It.Is<TaskName>(n => n.Name == RecordStepActivity.IfHeldName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var request = (HeldStepsRequest)input!;
                heldReads.Add(request);
                var answer = Holder(request.Query);
                var answerers = answer.Answerers.Count > 0 ? answer.Answerers : request.FallbackAnswerers ?? [];
                if (answer.Transfer is not null || (answer.Holder is { } holder && holder != request.Expected)
                    || (request.Review is { } review && !ReviewRules.Check(review, request.Expected.Tier, answerers).IsAccepted))
                {
                    return Task.FromResult(new HeldSteps(answer, null));
                }

                foreach (var notifying in request.Steps.Steps)
                {
                    steps.Add(notifying.Step);
                    notifications.AddRange(notifying.Notices);
                }

                return Task.FromResult(new HeldSteps(answer, [.. request.Steps.Steps.SelectMany(s => s.Notices).Select(_ => NoticeDelivery.Sent)]));
            });
        context.Setup(c => c.WaitForExternalEvent<DirectoryChangeSignal>(TierReviewRace.DirectoryChangedEventName, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken _) =>
            {
                var signal = new TaskCompletionSource<DirectoryChangeSignal>();
                directoryChanges.Add(signal);
                return signal.Task;
            });
        context.Setup(c => c.WaitForExternalEvent<ReviewDecision>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, CancellationToken _) => reviews.TryGetValue(name, out var queue) && queue.Count > 0
                ? queue.Dequeue().Task
                : new TaskCompletionSource<ReviewDecision>().Task);
    }

    [Fact]
    public async Task When_the_review_wins_both_timers_are_cancelled_and_the_event_closes()
    {
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal(new EscalationOutcome("resolved", "fixed", "unit", "p-unit"), outcome);
        Assert.Equal([Deadline, Reminder], timers.Select(t => t.At));
        Assert.All(timers, t => Assert.True(t.Token.IsCancellationRequested));
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Sequence));
        Assert.Empty(breaches);
    }

    [Fact]
    public async Task When_the_deadline_wins_a_breach_is_charged_and_the_event_escalates()
    {
        Review("review-r2", Decision("grid", ReviewDecisions.Resolve, "p-grid", ResolutionOutcomes.NoActionNeeded) with { Round = 2 });
        var run = EventEscalation.Run(context.Object, Input);
        var (unitDeadline, unitReminder) = (timers[0], timers[1]);
        Assert.Equal((Deadline, Reminder), (unitDeadline.At, unitReminder.At));
        unitDeadline.Fire.SetResult();
        Assert.Null(await run);
        var next = Assert.Single(continuedAs);

        var outcome = await EventEscalation.Run(context.Object, next);

        var breach = Assert.Single(breaches);
        Assert.Equal(("p-unit", "u1", "unit", new DateTimeOffset(Deadline)), (breach.PersonId, breach.NodeId, breach.Tier, breach.DeadlineUtc));
        Assert.Equal(
            [TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved],
            steps.Select(s => s.Kind));
        Assert.Equal(["u1", "u1", "u1", "g1", "g1", "g1"], steps.Select(s => s.NodeId));
        Assert.Equal("grid", outcome!.ResolvedTier);
        Assert.Contains(notifications, n => n.Kind == NotificationKinds.Escalated && n.NodeId == "u1");
        Assert.Contains(notifications, n => n.Kind == NotificationKinds.ReviewRequested && n.NodeId == "g1");
        // The unit's reminder lost the race too and was cancelled.
        Assert.True(unitReminder.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task When_the_reminder_fires_first_the_person_is_reminded_and_the_wait_goes_on()
    {
        var review = new TaskCompletionSource<ReviewDecision>();
        reviews["review-r1"] = new Queue<TaskCompletionSource<ReviewDecision>>([review]);
        var run = EventEscalation.Run(context.Object, Input);
        timers.Single(t => t.At == Reminder).Fire.SetResult();
        review.SetResult(Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        await run;

        Assert.Equal(
            [TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.ReminderSent, TimelineKinds.Resolved],
            steps.Select(s => s.Kind));
        Assert.Contains(notifications, n => n.Kind == NotificationKinds.DeadlineReminder && n.PersonId == "p-unit" && n.DeadlineUtc == new DateTimeOffset(Deadline));
        Assert.True(timers.Single(t => t.At == Deadline).Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stale_review_is_recorded_as_rejected_and_the_next_valid_one_is_acted_on()
    {
        Review("review-r1",
            Decision("grid", ReviewDecisions.Escalate, "p-grid"),
            Decision("unit", ReviewDecisions.Resolve, "someone-from-another-estate", ResolutionOutcomes.Fixed),
            Decision("unit", ReviewDecisions.Resolve, "p-grid", ResolutionOutcomes.Fixed) with { SupervisorSteppingIn = true });

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal(
            [TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.ReviewRejected, TimelineKinds.ReviewRejected, TimelineKinds.Resolved],
            steps.Select(s => s.Kind));
        Assert.Contains("not grid", steps[2].Note, StringComparison.Ordinal);
        Assert.Contains("answers for neither", steps[3].Note, StringComparison.Ordinal);
        Assert.Equal("p-grid", outcome!.ResolvedByPersonId);
        Assert.StartsWith("supervisor stepped in", steps[4].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadlines_come_from_the_policy_in_the_input_and_the_orchestrators_clock()
    {
        var fixedPolicy = Input with { Policy = new ReviewDeadlineSettings { FixedReviewDuration = TimeSpan.FromSeconds(5) } };
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        await EventEscalation.Run(context.Object, fixedPolicy);

        // Five seconds after the orchestration's own time; the two-hour reminder would lie before arrival, so there is none.
        Assert.Equal([Now.AddSeconds(5)], timers.Select(t => t.At));
        Assert.Equal(new DateTimeOffset(Now.AddSeconds(5)), steps[0].DeadlineUtc);
    }

    [Fact]
    public async Task Each_arrival_opens_a_new_round_that_the_event_row_the_status_and_the_notice_carry()
    {
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        await EventEscalation.Run(context.Object, Input);

        Assert.Equal(1, steps[0].Change!.Round);
        Assert.All(notifications, n => Assert.Equal(1, n.Round));
        context.Verify(c => c.SetCustomStatus(It.Is<EscalationStatus>(s => s.Round == 1 && s.Stage == EventStage.AwaitingReview)));
    }

    [Fact]
    public async Task A_review_naming_another_round_is_recorded_as_rejected_and_never_acted_on()
    {
        Review("review-r1",
            Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.NoActionNeeded) with { Round = 7 },
            Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.ReviewRejected, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        Assert.Contains("answers round 7, the event is in round 1", steps[2].Note, StringComparison.Ordinal);
        Assert.Equal("fixed", outcome!.Outcome);
    }

    [Fact]
    public async Task Two_reviewers_in_one_round_the_first_applies_and_the_second_is_recorded_as_rejected()
    {
        Review("review-r1",
            Decision("unit", ReviewDecisions.Escalate, "p-unit") with { SubmissionId = "s1" },
            Decision("unit", ReviewDecisions.Resolve, "p-grid", ResolutionOutcomes.NoActionNeeded) with { SupervisorSteppingIn = true, SubmissionId = "s2" });

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Null(outcome);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Escalated, TimelineKinds.ReviewRejected], steps.Select(s => s.Kind));
        Assert.Contains("round 1 was already decided", steps[3].Note, StringComparison.Ordinal);
        // Each step names the request it records, so two identical requests leave two distinguishable rows.
        Assert.Equal([null, null, "s1", "s2"], steps.Select(s => s.SubmissionId));
        var next = Assert.Single(continuedAs).Progress!;
        Assert.Equal((1, 1, 4, 1, false), (next.Level, next.Round, next.Sequence, next.LastReviewRound, next.Overdue));
    }

    [Fact]
    public async Task A_review_for_the_round_before_that_arrives_late_is_recorded_in_the_next_round_and_not_acted_on()
    {
        var atGrid = Input with { Progress = new EscalationProgress(1, 1, 4, [], false, null, 1) };
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.NoActionNeeded) with { Round = 1 });
        var current = new TaskCompletionSource<ReviewDecision>();
        reviews["review-r2"] = new Queue<TaskCompletionSource<ReviewDecision>>([current]);

        var run = EventEscalation.Run(context.Object, atGrid);
        current.SetResult(Decision("grid", ReviewDecisions.Resolve, "p-grid", ResolutionOutcomes.Fixed) with { Round = 2 });
        var outcome = await run;

        Assert.Equal([5, 6, 7, 8], steps.Select(s => s.Sequence));
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.ReviewRejected, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        Assert.Contains("answers round 1, the event is in round 2", steps[2].Note, StringComparison.Ordinal);
        Assert.Equal(("fixed", "grid"), (outcome!.Outcome, outcome.ResolvedTier));
    }

    [Fact]
    public async Task At_the_city_each_day_is_one_generation_with_one_breach_and_the_next_day_starts_overdue_in_a_new_round()
    {
        var city = new EscalationInput("EV2", "dispute", [new ChainLink("c1", "City", Tier.City, "p-city", "City Centre", "app:p-city")], new ReviewDeadlineSettings());

        var firstDay = EventEscalation.Run(context.Object, city);
        timers[0].Fire.SetResult();
        Assert.Null(await firstDay);
        var secondDay = EventEscalation.Run(context.Object, continuedAs[0]);
        timers[2].Fire.SetResult();
        Assert.Null(await secondDay);

        Assert.Equal(2, breaches.Count);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed, TimelineKinds.Overdue, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed],
            steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3, 4, 5, 6], steps.Select(s => s.Sequence));
        Assert.Equal([1, 2], steps.Where(s => s.Change?.Round is not null).Select(s => s.Change!.Round!.Value));
        Assert.Equal([(0, 1, 3, true), (0, 2, 6, true)], continuedAs.Select(c => (c.Progress!.Level, c.Progress.Round, c.Progress.Sequence, c.Progress.Overdue)));
        Assert.All(timers, t => Assert.True(t.Token.IsCancellationRequested || t.Fire.Task.IsCompleted));
    }

    [Fact]
    public async Task When_the_deadline_fires_before_a_review_accepted_in_time_reaches_the_orchestration_the_review_decides_and_nobody_is_charged()
    {
        var onTime = Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed) with { SubmissionId = "s1", AcceptedAt = new DateTimeOffset(Deadline.AddSeconds(-1)) };
        acceptedByRound[1] = [onTime];
        var run = EventEscalation.Run(context.Object, Input);
        timers.Single(t => t.At == Deadline).Fire.SetResult();
        // Its raised copy arrives after the round was decided: the same decision, so it is not recorded as rejected.
        Review("review-r1", onTime);

        var outcome = await run;

        Assert.Equal(new EscalationOutcome("resolved", "fixed", "unit", "p-unit"), outcome);
        Assert.Empty(breaches);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        var asked = Assert.Single(acceptedQueries);
        Assert.Equal(("EV1", 1, new DateTimeOffset(Deadline)), (asked.EventId, asked.Round, asked.AcceptedBy));
    }

    [Fact]
    public async Task An_escalation_taken_from_the_accepted_decisions_is_not_recorded_again_when_its_copy_reaches_the_next_round()
    {
        var onTime = Decision("unit", ReviewDecisions.Escalate, "p-unit") with { SubmissionId = "s1" };
        acceptedByRound[1] = [onTime];
        var run = EventEscalation.Run(context.Object, Input);
        timers.Single(t => t.At == Deadline).Fire.SetResult();
        Assert.Null(await run);
        var next = Assert.Single(continuedAs);
        Assert.Equal("s1", next.Progress!.LastDecisionId);
        Review("review-r1", onTime);
        Review("review-r2", Decision("grid", ReviewDecisions.Resolve, "p-grid", ResolutionOutcomes.Fixed) with { Round = 2 });

        var outcome = await EventEscalation.Run(context.Object, next);

        Assert.Empty(breaches);
        Assert.Equal(
            [TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Escalated, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved],
            steps.Select(s => s.Kind));
        Assert.Equal("grid", outcome!.ResolvedTier);
    }

    [Fact]
    public async Task When_the_deadline_fires_an_accepted_review_the_rules_refuse_does_not_save_the_tier_from_its_breach()
    {
        acceptedByRound[1] = [Decision("unit", ReviewDecisions.Resolve, "someone-from-another-estate", ResolutionOutcomes.Fixed) with { SubmissionId = "s1" }];
        var run = EventEscalation.Run(context.Object, Input);
        timers.Single(t => t.At == Deadline).Fire.SetResult();

        Assert.Null(await run);

        Assert.Equal("p-unit", Assert.Single(breaches).PersonId);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.DeadlineMissed], steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task A_new_head_named_while_the_event_waits_is_handed_it_and_told_and_the_deadline_stays()
    {
        var run = EventEscalation.Run(context.Object, Input);
        onDuty["u1"] = onDuty["u1"] with { PersonId = "p-new", PersonName = "New Head", NotificationTarget = "app:p-new" };

        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));

        var handover = Assert.Single(steps, s => s.Kind == TimelineKinds.Handover);
        Assert.Equal(("p-new", "p-new", new DateTimeOffset(Deadline)), (handover.ActorId, handover.Change!.ResponsiblePersonId, handover.DeadlineUtc));
        Assert.Contains("Unit Head (p-unit)", handover.Note, StringComparison.Ordinal);
        var told = Assert.Single(notifications, n => n.PersonId == "p-new");
        Assert.Equal((NotificationKinds.ReviewRequested, (DateTimeOffset?)new DateTimeOffset(Deadline)), (told.Kind, told.DeadlineUtc));
        // Same two timers as before the handover: the deadline stays.
        Assert.Equal(2, timers.Count);
        Assert.False(timers[0].Token.IsCancellationRequested);

        timers[0].Fire.SetResult();
        Assert.Null(await run);
        var breach = Assert.Single(breaches);
        Assert.Equal(("p-new", "New Head"), (breach.PersonId, breach.PersonName));
    }

    [Fact]
    public async Task A_breach_goes_to_whoever_holds_the_event_when_the_deadline_passes_even_without_a_signal()
    {
        var run = EventEscalation.Run(context.Object, Input);
        onDuty["u1"] = onDuty["u1"] with { PersonId = "p-deputy", PersonName = "Deputy" };

        timers[0].Fire.SetResult();
        Assert.Null(await run);

        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Handover, TimelineKinds.DeadlineMissed], steps.Select(s => s.Kind));
        Assert.Equal("p-deputy", Assert.Single(breaches).PersonId);
        Assert.Equal("p-deputy", steps[^1].ActorId);
    }

    [Fact]
    public async Task A_review_by_the_deputy_on_duty_is_accepted_and_the_timeline_names_the_deputy()
    {
        deputiesOnDuty.Add("p-deputy");
        Review("review-r1", new ReviewDecision("unit", ReviewDecisions.Resolve, "p-deputy", "Deputy", "fixed it", ResolutionOutcomes.Fixed, null, null, false, 1));

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal("p-deputy", outcome!.ResolvedByPersonId);
        var resolved = Assert.Single(steps, s => s.Kind == TimelineKinds.Resolved);
        Assert.Equal(("p-deputy", "Deputy"), (resolved.ActorId, resolved.ActorName));
        Assert.DoesNotContain(steps, s => s.Kind == TimelineKinds.ReviewRejected);
    }

    [Fact]
    public async Task A_review_by_someone_the_live_directory_no_longer_names_is_rejected()
    {
        onDuty["u1"] = onDuty["u1"] with { PersonId = "p-new", PersonName = "New Head" };
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        var run = EventEscalation.Run(context.Object, Input);

        var rejected = Assert.Single(steps, s => s.Kind == TimelineKinds.ReviewRejected);
        Assert.Equal("p-unit", rejected.ActorId);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task An_event_an_import_moves_is_recorded_as_transferred_and_waits_at_the_new_node_in_a_new_round_with_a_fresh_deadline()
    {
        var run = EventEscalation.Run(context.Object, Input);
        var target = new ChainLink("u2", "Unit 2", Tier.Unit, "p-unit2", "Other Head", "app:p-unit2");
        pendingMove = (new PendingTransfer("DI1", "u1", "u2", ["u2", "g1"]), [target, Input.Chain[1]]);

        directoryChanges[^1].SetResult(new DirectoryChangeSignal("DI1"));
        Assert.Null(await run);

        var transferred = Assert.Single(steps, s => s.Kind == TimelineKinds.Transferred);
        Assert.Equal(("u2", "[\"u2\",\"g1\"]", ""), (transferred.Change!.CurrentNodeId, transferred.Change.ChainJson, transferred.Change.PendingTransferJson));
        Assert.All(timers, t => Assert.True(t.Token.IsCancellationRequested));
        var next = Assert.Single(continuedAs);
        Assert.Equal(["u2", "g1"], next.Chain.Select(l => l.NodeId));
        Assert.Equal((0, 1), (next.Progress!.Level, next.Progress.Round));

        onDuty["u2"] = target;
        pendingMove = null;
        var arrivedAt = steps.Count;
        _ = EventEscalation.Run(context.Object, next);
        var arrived = steps[arrivedAt];
        Assert.Equal((TimelineKinds.Arrived, "u2", 2, "p-unit2"), (arrived.Kind, arrived.NodeId, arrived.Change!.Round, arrived.Change.ResponsiblePersonId));
        Assert.Equal(Deadline, timers[^2].At);
    }

    [Fact]
    public void An_arrival_whose_person_on_duty_is_the_one_the_chain_names_is_read_and_recorded_by_one_activity()
    {
        var run = EventEscalation.Run(context.Object, Input);

        var arrival = Assert.Single(heldReads);
        Assert.Equal((0, "u1", Input.Chain[0]), (arrival.Query.Level, arrival.Query.NodeIds[0], arrival.Expected));
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested], steps.Select(s => s.Kind));
        Assert.Equal([1, 2], steps.Select(s => s.Sequence));
        // Nothing else was asked of the directory or recorded apart: one activity did both.
        context.Verify(c => c.CallActivityAsync<HolderAnswer>(It.Is<TaskName>(n => n.Name == ReadHolderActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        context.Verify(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.TogetherName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task An_arrival_where_someone_else_is_on_duty_records_nothing_in_the_read_and_then_names_the_live_holder_under_the_same_step_numbers()
    {
        onDuty["u1"] = onDuty["u1"] with { PersonId = "p-deputy", PersonName = "Deputy", NotificationTarget = "app:p-deputy" };

        var run = EventEscalation.Run(context.Object, Input);

        Assert.Single(heldReads);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested], steps.Select(s => s.Kind));
        Assert.Equal([1, 2], steps.Select(s => s.Sequence));
        Assert.All(steps, s => Assert.Equal("u1", s.NodeId));
        Assert.Equal(("p-deputy", "p-deputy"), (steps[0].Change!.ResponsiblePersonId, steps[1].ActorId));
        Assert.Equal("p-deputy", Assert.Single(notifications, n => n.Kind == NotificationKinds.ReviewRequested).PersonId);

        timers[0].Fire.SetResult();
        Assert.Null(await run);
        Assert.Equal("p-deputy", Assert.Single(breaches).PersonId);
    }

    [Fact]
    public async Task An_event_an_import_moved_before_it_arrives_records_no_arrival_there_and_its_transfer_is_step_one()
    {
        var target = new ChainLink("u2", "Unit 2", Tier.Unit, "p-unit2", "Other Head", "app:p-unit2");
        pendingMove = (new PendingTransfer("DI1", "u1", "u2", ["u2", "g1"]), [target, Input.Chain[1]]);

        Assert.Null(await EventEscalation.Run(context.Object, Input));

        var transferred = Assert.Single(steps);
        Assert.Equal((TimelineKinds.Transferred, 1, "u2"), (transferred.Kind, transferred.Sequence, transferred.NodeId));
        Assert.Empty(notifications);
        var next = Assert.Single(continuedAs);
        Assert.Equal(["u2", "g1"], next.Chain.Select(l => l.NodeId));
        Assert.Equal(1, next.Progress!.Sequence);
    }

    [Fact]
    public async Task A_resolve_by_the_person_on_duty_the_chain_names_is_read_and_closed_by_one_activity()
    {
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal(new EscalationOutcome("resolved", "fixed", "unit", "p-unit"), outcome);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Sequence));
        Assert.Equal([null, "p-unit"], heldReads.Select(r => r.Review?.ReviewerPersonId));
        Assert.Equal(["p-unit", "p-grid"], heldReads[1].FallbackAnswerers!);
        context.Verify(c => c.CallActivityAsync<HolderAnswer>(It.Is<TaskName>(n => n.Name == ReadHolderActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        context.Verify(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.TogetherName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        Assert.Equal(["p-unit", null], notifications.Where(n => n.Kind == NotificationKinds.Resolved || n.ToReporter && n.Kind.Contains("resolved", StringComparison.Ordinal)).Select(n => n.PersonId));
    }

    [Fact]
    public async Task A_decision_read_with_a_holder_who_changed_meanwhile_records_nothing_with_the_read_then_the_handover_and_the_close_in_step_order()
    {
        var pending = new TaskCompletionSource<ReviewDecision>();
        reviews["review-r1"] = new Queue<TaskCompletionSource<ReviewDecision>>([pending]);
        var run = EventEscalation.Run(context.Object, Input);
        onDuty["u1"] = onDuty["u1"] with { PersonId = "p-new", PersonName = "New Head", NotificationTarget = "app:p-new" };

        pending.SetResult(Decision("unit", ReviewDecisions.Resolve, "p-new", ResolutionOutcomes.Fixed));
        var outcome = await run;

        Assert.Equal("p-new", outcome!.ResolvedByPersonId);
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Handover, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        // The read that recorded nothing used no step number: the handover and the close follow on without a gap.
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Sequence));
        Assert.Equal(2, heldReads.Count);
        Assert.Equal("p-unit", heldReads[1].Expected.PersonId);
        Assert.Equal(("p-new", "p-new"), (steps[3].ActorId, steps[2].ActorId));
    }

    [Fact]
    public async Task An_escalation_by_the_holder_the_chain_names_is_recorded_with_the_read_and_the_event_climbs()
    {
        Review("review-r1", Decision("unit", ReviewDecisions.Escalate, "p-unit"));

        Assert.Null(await EventEscalation.Run(context.Object, Input));

        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Escalated], steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Sequence));
        Assert.Equal("p-unit", Assert.Single(notifications, n => n.Kind == NotificationKinds.Escalated).PersonId);
        var next = Assert.Single(continuedAs);
        Assert.Equal((1, 3), (next.Progress!.Level, next.Progress.Sequence));
        context.Verify(c => c.CallActivityAsync<HolderAnswer>(It.Is<TaskName>(n => n.Name == ReadHolderActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task A_close_the_read_reports_recorded_by_an_earlier_attempt_stands_though_the_directory_changed_since()
    {
        // The read's retry: its first attempt recorded the close and failed after; an import removed the head meanwhile.
        context.Setup(c => c.CallActivityAsync<HeldSteps>(It.Is<TaskName>(n => n.Name == RecordStepActivity.IfHeldName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var request = (HeldStepsRequest)input!;
                heldReads.Add(request);
                steps.AddRange(request.Steps.Steps.Select(s => s.Step));
                var moved = onDuty["u1"] with { PersonId = "p-new", PersonName = "New Head" };
                return Task.FromResult(new HeldSteps(new HolderAnswer(moved, ["p-new", "p-grid"], null, null), [.. request.Steps.Steps.SelectMany(s => s.Notices).Select(_ => NoticeDelivery.Sent)]));
            });
        Review("review-r1", Decision("unit", ReviewDecisions.Resolve, "p-unit", ResolutionOutcomes.Fixed));

        var outcome = await EventEscalation.Run(context.Object, Input);

        Assert.Equal(new EscalationOutcome("resolved", "fixed", "unit", "p-unit"), outcome);
        // No refusal and no handover where the close is: the steps stand as the first attempt recorded them.
        Assert.Equal([TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.Resolved], steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3], steps.Select(s => s.Sequence));
    }

    private HolderAnswer Holder(HolderQuery query)
    {
        if (pendingMove is { } move && move.Transfer.Chain[query.Level] != query.NodeIds[0])
        {
            return new HolderAnswer(move.Chain[0], [], move.Transfer, move.Chain);
        }

        // A node this directory does not know answers nothing: the orchestration keeps the holder it knew.
        var answerers = query.NodeIds.Where(onDuty.ContainsKey).Select(id => onDuty[id].PersonId).Concat(deputiesOnDuty).ToList();
        return new HolderAnswer(onDuty.GetValueOrDefault(query.NodeIds[0]), answerers, null, null);
    }

    private void Review(string eventName, params ReviewDecision[] decisions)
    {
        var queue = new Queue<TaskCompletionSource<ReviewDecision>>();
        foreach (var decision in decisions)
        {
            var source = new TaskCompletionSource<ReviewDecision>();
            source.SetResult(decision);
            queue.Enqueue(source);
        }

        reviews[eventName] = queue;
    }

    private static ReviewDecision Decision(string tier, string decision, string person, string? outcome = null) =>
        new(tier, decision, person, person, "note", outcome, null, null, false, 1);
}
