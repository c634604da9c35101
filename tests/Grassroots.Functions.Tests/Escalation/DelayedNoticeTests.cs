using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Microsoft.DurableTask;
using Moq;

namespace Grassroots.Functions.Tests.Escalation;

/// <summary>A notice kept in the outbox leaves a trace (留痕) on the timeline, and the escalation goes on.</summary>
public sealed class DelayedNoticeTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 1, 0, 0, DateTimeKind.Utc);
    private static readonly ChainLink Street = new("xialin-street", "Xialin Street", Tier.Town, "p-town", "Town Centre", "app:p-town");
    private static readonly EscalationInput Input = new("EV1", "livelihood", [Street], new ReviewDeadlineSettings());

    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly List<StepRecord> steps = [];

    public DelayedNoticeTests()
    {
        context.Setup(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == RecordStepActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => steps.Add((StepRecord)input!))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task A_delayed_notice_is_recorded_as_the_next_step_naming_its_message_id_and_the_reason()
    {
        NotifyReturns(NoticeDelivery.Delayed("MessagingEntityNotFound: no such queue"));
        var activities = new EscalationActivities(context.Object, Input);
        var dispatched = await activities.RecordAsync(TimelineKinds.Dispatched, Street, "p-town", "Town Centre", null);
        var acknowledgeBy = new DateTimeOffset(Now.AddHours(8));

        await activities.NotifyAsync(NotificationKinds.Dispatched, dispatched, Street, acknowledgeBy, null, "ghost-bureau", "dept-ghost-bureau");

        var delayed = Assert.Single(steps, s => s.Kind == TimelineKinds.NoticeDelayed);
        Assert.Equal(dispatched + 1, delayed.Sequence);
        Assert.Equal(acknowledgeBy, delayed.DeadlineUtc);
        Assert.Contains("EV1:000001:dispatched:ghost-bureau", delayed.Note, StringComparison.Ordinal);
        Assert.Contains("MessagingEntityNotFound", delayed.Note, StringComparison.Ordinal);
        Assert.Null(delayed.Change);
    }

    [Fact]
    public async Task A_delayed_notice_sent_with_its_step_is_recorded_as_the_next_step_and_the_one_sent_adds_none()
    {
        var notified = new List<NotifyingStep>();
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.NotifyingName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => notified.Add((NotifyingStep)input!))
            .ReturnsAsync([NoticeDelivery.Sent, NoticeDelivery.Delayed("ServiceBusy")]);
        var activities = new EscalationActivities(context.Object, Input);
        var resolvedBy = new DateTimeOffset(Now.AddHours(8));

        var resolved = await activities.RecordAsync(TimelineKinds.Resolved, Street, "p-town", "Town Centre", null, resolvedBy,
            notices: [new StepNotice(NotificationKinds.Resolved, Street, resolvedBy, "fixed"), StepNotice.ToReporter(ReporterUpdateKinds.Resolved, Street, resolvedBy, "fixed")]);

        var sent = Assert.Single(notified);
        Assert.Equal(resolved, sent.Step.Sequence);
        Assert.All(sent.Notices, n => Assert.Equal(resolved, n.Step));
        Assert.Equal([false, true], sent.Notices.Select(n => n.ToReporter));
        var delayed = Assert.Single(steps);
        Assert.Equal(TimelineKinds.NoticeDelayed, delayed.Kind);
        Assert.Equal(resolved + 1, delayed.Sequence);
        Assert.Contains("EV1:000001:reporter-resolved", delayed.Note, StringComparison.Ordinal);
        Assert.Contains("ServiceBusy", delayed.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_recorded_together_are_numbered_in_order_in_one_activity_and_a_delayed_notice_of_the_second_is_the_next_step()
    {
        var together = new List<NotifyingSteps>();
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<NoticeDelivery>>(It.Is<TaskName>(n => n.Name == RecordStepActivity.TogetherName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => together.Add((NotifyingSteps)input!))
            .ReturnsAsync([NoticeDelivery.Sent, NoticeDelivery.Delayed("ServiceBusy")]);
        var activities = new EscalationActivities(context.Object, Input, lastSequence: 4);
        var deadline = new DateTimeOffset(Now.AddHours(8));

        var last = await activities.RecordTogetherAsync(
            new StepDraft(TimelineKinds.Arrived, Street, null, null, null, deadline, new EventChange { Stage = EventStage.AwaitingReview },
                Notices: [StepNotice.ToReporter(ReporterUpdateKinds.WithTier, Street, deadline, null)]),
            new StepDraft(TimelineKinds.ReviewRequested, Street, "p-town", "Town Centre", null, deadline,
                Notices: [new StepNotice(NotificationKinds.ReviewRequested, Street, deadline, null)]));

        var sent = Assert.Single(together);
        Assert.Equal([5, 6], sent.Steps.Select(s => s.Step.Sequence));
        Assert.Equal([5, 6], sent.Steps.SelectMany(s => s.Notices).Select(n => n.Step));
        Assert.Equal(6, last);
        var delayed = Assert.Single(steps);
        Assert.Equal(TimelineKinds.NoticeDelayed, delayed.Kind);
        Assert.Equal(7, delayed.Sequence);
        Assert.Contains("EV1:000006:review-requested", delayed.Note, StringComparison.Ordinal);
        Assert.Equal(7, activities.Sequence);
    }

    [Fact]
    public async Task Steps_recorded_with_the_holders_read_number_a_delayed_notice_next_and_one_not_recorded_uses_no_step_number()
    {
        var answer = new HolderAnswer(Street, ["p-town"], null, null);
        var arrivals = new Queue<HeldSteps>([new HeldSteps(answer, null), new HeldSteps(answer, [NoticeDelivery.Sent, NoticeDelivery.Delayed("ServiceBusy")])]);
        var requests = new List<HeldStepsRequest>();
        context.Setup(c => c.CallActivityAsync<HeldSteps>(It.Is<TaskName>(n => n.Name == RecordStepActivity.IfHeldName), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? input, TaskOptions? _) => requests.Add((HeldStepsRequest)input!))
            .ReturnsAsync(arrivals.Dequeue);
        var activities = new EscalationActivities(context.Object, Input, lastSequence: 4);
        var deadline = new DateTimeOffset(Now.AddHours(8));
        StepDraft[] drafts =
        [
            new(TimelineKinds.Arrived, Street, null, null, null, deadline, Notices: [StepNotice.ToReporter(ReporterUpdateKinds.WithTier, Street, deadline, null)]),
            new(TimelineKinds.ReviewRequested, Street, "p-town", "Town Centre", null, deadline, Notices: [new StepNotice(NotificationKinds.ReviewRequested, Street, deadline, null)]),
        ];

        var notRecorded = await activities.RecordIfHeldAsync(0, Input.Chain, Street, null, drafts);

        Assert.False(notRecorded.Recorded);
        Assert.Equal(4, activities.Sequence);
        Assert.Empty(steps);

        var recorded = await activities.RecordIfHeldAsync(0, Input.Chain, Street, null, drafts);

        Assert.True(recorded.Recorded);
        // Both attempts drafted the same numbers: the first used none.
        Assert.All(requests, r => Assert.Equal([5, 6], r.Steps.Steps.Select(s => s.Step.Sequence)));
        Assert.Equal((Street, "EV1", 0), (requests[0].Expected, requests[0].Query.EventId, requests[0].Query.Level));
        var delayed = Assert.Single(steps);
        Assert.Equal((TimelineKinds.NoticeDelayed, 7), (delayed.Kind, delayed.Sequence));
        Assert.Contains("EV1:000006:review-requested", delayed.Note, StringComparison.Ordinal);
        Assert.Equal(7, activities.Sequence);
    }

    [Theory]
    [InlineData(NoticeDelivery.SentOutcome)]
    [InlineData(NoticeDelivery.NotConfiguredOutcome)]
    public async Task A_notice_sent_or_with_no_broker_to_send_to_adds_no_step(string outcome)
    {
        NotifyReturns(new NoticeDelivery(outcome));
        var activities = new EscalationActivities(context.Object, Input);

        await activities.NotifyAsync(NotificationKinds.ReviewRequested, 1, Street, null, null);

        Assert.Empty(steps);
    }

    private void NotifyReturns(NoticeDelivery delivery) =>
        context.Setup(c => c.CallActivityAsync<NoticeDelivery>(It.Is<TaskName>(n => n.Name == NotifyActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(delivery);
}
