using Grassroots.Domain.Events;
using Grassroots.Domain;
using Microsoft.DurableTask;

namespace Grassroots.Functions.Escalation;

/// <summary>What ended one wait of a tier's race.</summary>
public enum TierRaceTurn
{
    /// <summary>The reminder timer fired; the race goes on.</summary>
    ReminderDue,

    /// <summary>A review arrived: <see cref="TierReviewRace.Accept"/> it, or ask for the next turn to wait for another.</summary>
    ReviewArrived,

    /// <summary>Nobody reviewed in time; the reminder and the wait for a review are called off.</summary>
    DeadlinePassed,
}

/// <summary>The review that arrived with <see cref="TierRaceTurn.ReviewArrived"/>, null for the other turns.</summary>
public sealed record TierRaceResult(TierRaceTurn Turn, ReviewDecision? Review);

/// <summary>
/// One tier's race (研判不隔夜): the tier's review against the reminder and the deadline, each a durable timer. The
/// orchestrator asks for the next turn until a review is accepted or the deadline passes; whatever loses is cancelled,
/// or the instance would stay Running until its timers fire.
/// </summary>
public sealed class TierReviewRace : IDisposable
{
    private readonly TaskOrchestrationContext context;
    private readonly string reviewEventName;
    private readonly CancellationTokenSource deadlineCancel = new();
    private readonly CancellationTokenSource reminderCancel = new();
    private readonly CancellationTokenSource reviewCancel = new();
    private readonly Task deadlineTimer;
    private Task? reminderTimer;
    private Task<ReviewDecision> review;
    private bool reviewHandedOut;

    public TierReviewRace(TaskOrchestrationContext context, string reviewEventName, ReviewDeadline deadline)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadline);
        this.context = context;
        this.reviewEventName = reviewEventName;
        deadlineTimer = context.CreateTimer(deadline.DeadlineUtc.UtcDateTime, deadlineCancel.Token);
        reminderTimer = deadline.ReminderUtc is { } reminderAt ? context.CreateTimer(reminderAt.UtcDateTime, reminderCancel.Token) : null;
        review = WaitForReview();
    }

    public async Task<TierRaceResult> NextAsync()
    {
        if (reviewHandedOut)
        {
            // The last review was not accepted: wait for the next one, on the same clock.
            review = WaitForReview();
            reviewHandedOut = false;
        }

        // A review listed first wins a tie with the deadline: it was raised before the timer's turn was taken.
        var winner = reminderTimer is null
            ? await Task.WhenAny(review, deadlineTimer)
            : await Task.WhenAny(review, deadlineTimer, reminderTimer);
        if (winner == reminderTimer)
        {
            reminderTimer = null;
            return new TierRaceResult(TierRaceTurn.ReminderDue, null);
        }

        if (winner == review)
        {
            reviewHandedOut = true;
            return new TierRaceResult(TierRaceTurn.ReviewArrived, await review);
        }

        reminderCancel.Cancel();
        reviewCancel.Cancel();
        return new TierRaceResult(TierRaceTurn.DeadlinePassed, null);
    }

    /// <summary>The review that arrived last won the race: both timers are called off.</summary>
    public void Accept()
    {
        deadlineCancel.Cancel();
        reminderCancel.Cancel();
    }

    public void Dispose()
    {
        deadlineCancel.Dispose();
        reminderCancel.Dispose();
        reviewCancel.Dispose();
    }

    private Task<ReviewDecision> WaitForReview() => context.WaitForExternalEvent<ReviewDecision>(reviewEventName, reviewCancel.Token);
}
