using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Microsoft.DurableTask;
using Moq;

namespace Grassroots.Functions.Tests.Escalation;

/// <summary>One tier's race on a strict mock context: the timers and waits it creates, and which of them it calls off.</summary>
public sealed class TierReviewRaceTests
{
    private const string ReviewEvent = "review-unit";
    private static readonly DateTimeOffset Deadline = new(2026, 11, 27, 15, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset Reminder = Deadline.AddHours(-2);

    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly List<(DateTime At, CancellationToken Token, TaskCompletionSource Fire)> timers = [];
    private readonly List<(CancellationToken Token, TaskCompletionSource<ReviewDecision> Arrive)> waits = [];

    public TierReviewRaceTests()
    {
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken token) =>
            {
                var fire = new TaskCompletionSource();
                timers.Add((at, token, fire));
                return fire.Task;
            });
        context.Setup(c => c.WaitForExternalEvent<DirectoryChangeSignal>(TierReviewRace.DirectoryChangedEventName, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<DirectoryChangeSignal>().Task);
        context.Setup(c => c.WaitForExternalEvent<ReviewDecision>(ReviewEvent, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                var arrive = new TaskCompletionSource<ReviewDecision>();
                waits.Add((token, arrive));
                return arrive.Task;
            });
    }

    private (DateTime At, CancellationToken Token, TaskCompletionSource Fire) DeadlineTimer => timers[0];

    private (DateTime At, CancellationToken Token, TaskCompletionSource Fire) ReminderTimer => timers[1];

    [Fact]
    public void The_race_starts_the_deadline_and_reminder_timers_and_one_wait_for_this_tiers_review()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));

        Assert.Equal([Deadline.UtcDateTime, Reminder.UtcDateTime], timers.Select(t => t.At));
        Assert.Single(waits);
    }

    [Fact]
    public async Task An_accepted_review_calls_off_both_timers()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));
        var review = Decision();
        waits[0].Arrive.SetResult(review);

        var turn = await race.NextAsync();
        race.Accept();

        Assert.Equal(new TierRaceResult(TierRaceTurn.ReviewArrived, review), turn);
        Assert.True(DeadlineTimer.Token.IsCancellationRequested);
        Assert.True(ReminderTimer.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task The_reminder_comes_once_and_the_race_goes_on_to_the_deadline_which_calls_off_the_wait_for_a_review()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));
        ReminderTimer.Fire.SetResult();

        var first = await race.NextAsync();
        var second = race.NextAsync();
        Assert.False(second.IsCompleted);
        DeadlineTimer.Fire.SetResult();

        Assert.Equal(TierRaceTurn.ReminderDue, first.Turn);
        Assert.Equal(new TierRaceResult(TierRaceTurn.DeadlinePassed, null), await second);
        // The wait for a review stays open: a cancelled one would swallow a late review unseen; the round's leftovers are read from it.
        Assert.False(waits[0].Token.IsCancellationRequested);
        Assert.Single(waits);
    }

    [Fact]
    public async Task After_a_review_that_is_not_accepted_the_race_waits_for_another_on_the_same_clock()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));
        waits[0].Arrive.SetResult(Decision());
        await race.NextAsync();

        var next = race.NextAsync();

        Assert.Equal(2, waits.Count);
        Assert.False(next.IsCompleted);
        Assert.Equal(2, timers.Count);
        Assert.False(DeadlineTimer.Token.IsCancellationRequested);
        var second = Decision();
        waits[1].Arrive.SetResult(second);
        Assert.Equal(second, (await next).Review);
    }

    [Fact]
    public async Task Without_a_reminder_only_the_deadline_timer_runs()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, null));
        DeadlineTimer.Fire.SetResult();

        var turn = await race.NextAsync();

        Assert.Single(timers);
        Assert.Equal(TierRaceTurn.DeadlinePassed, turn.Turn);
    }

    [Fact]
    public async Task A_review_and_the_deadline_ready_together_go_to_the_review()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));
        DeadlineTimer.Fire.SetResult();
        waits[0].Arrive.SetResult(Decision());

        var turn = await race.NextAsync();

        Assert.Equal(TierRaceTurn.ReviewArrived, turn.Turn);
    }

    [Fact]
    public async Task A_review_that_reaches_the_round_after_its_deadline_is_handed_back_as_a_leftover()
    {
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder));
        DeadlineTimer.Fire.SetResult();
        Assert.Equal(TierRaceTurn.DeadlinePassed, (await race.NextAsync()).Turn);
        var late = Decision() with { ReviewerPersonId = "p-grid" };

        waits[0].Arrive.SetResult(late);

        Assert.Equal([late], race.TakeLeftovers());
    }

    [Fact]
    public async Task A_late_review_for_the_previous_round_is_handed_out_and_the_race_keeps_listening_for_both()
    {
        context.Setup(c => c.WaitForExternalEvent<ReviewDecision>("review-r0", It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                var arrive = new TaskCompletionSource<ReviewDecision>();
                waits.Add((token, arrive));
                return arrive.Task;
            });
        using var race = new TierReviewRace(context.Object, ReviewEvent, new ReviewDeadline(Deadline, Reminder), "review-r0");
        var late = Decision() with { Round = 0 };
        waits[1].Arrive.SetResult(late);

        var turn = await race.NextAsync();
        var next = race.NextAsync();

        Assert.Equal(new TierRaceResult(TierRaceTurn.ReviewArrived, late), turn);
        Assert.Equal(3, waits.Count);
        Assert.False(next.IsCompleted);
    }

    private static ReviewDecision Decision() =>
        new("unit", ReviewDecisions.Escalate, "p-unit", "Unit Head", null, null, null, null, false);
}
