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

    /// <summary>Nobody reviewed in time; the reminder is called off.</summary>
    DeadlinePassed,

    /// <summary>An import changed the directory: who holds the event may have changed (交接) or the event moved (转办); the race goes on.</summary>
    DirectoryChanged,
}

/// <summary>The signal an import raises to every open event it may concern; it carries no decision, only "read the holder again".</summary>
public sealed record DirectoryChangeSignal(string ImportId);

/// <summary>The review that arrived with <see cref="TierRaceTurn.ReviewArrived"/>, null for the other turns.</summary>
public sealed record TierRaceResult(TierRaceTurn Turn, ReviewDecision? Review);

/// <summary>
/// One tier's race (研判不隔夜) in one round: the round's review against the reminder and the deadline, each a durable
/// timer. The orchestrator asks for the next turn until a review is accepted or the deadline passes; a timer that loses
/// is cancelled, or the instance would stay Running until it fires.
/// </summary>
/// <remarks>
/// Reviews arrive under the round's own event name, so a decision for one round can never be taken by a later wait. A
/// late review for the previous review round is listened to as well and handed out like any other, for the orchestrator
/// to record as rejected. The waits for reviews are never cancelled: durable keeps a cancelled waiter, and it would
/// swallow a review arriving later without anyone seeing it. <see cref="TakeLeftovers"/> collects what reached them
/// after the race was decided, so those are recorded too.
/// </remarks>
public sealed class TierReviewRace : IDisposable
{
    private readonly TaskOrchestrationContext context;
    private readonly string reviewEventName;
    private readonly string? lateEventName;
    private readonly CancellationTokenSource deadlineCancel = new();
    private readonly CancellationTokenSource reminderCancel = new();
    private readonly Task deadlineTimer;
    private Task? reminderTimer;
    private Task<ReviewDecision> review;
    private Task<ReviewDecision>? late;
    private Task<DirectoryChangeSignal> directoryChange;
    private bool directoryChangeHandedOut;
    private bool reviewHandedOut;
    private bool lateHandedOut;

    /// <param name="lateEventName">The previous review round's event name, whose late arrivals are handed out for the record.</param>
    public TierReviewRace(TaskOrchestrationContext context, string reviewEventName, ReviewDeadline deadline, string? lateEventName = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadline);
        this.context = context;
        this.reviewEventName = reviewEventName;
        this.lateEventName = lateEventName;
        deadlineTimer = context.CreateTimer(deadline.DeadlineUtc.UtcDateTime, deadlineCancel.Token);
        reminderTimer = deadline.ReminderUtc is { } reminderAt ? context.CreateTimer(reminderAt.UtcDateTime, reminderCancel.Token) : null;
        review = Wait(reviewEventName);
        late = lateEventName is null ? null : Wait(lateEventName);
        directoryChange = WaitForDirectoryChange();
    }

    /// <summary>
    /// Not scoped by round, unlike reviews: a signal means only "read the holder again", so one that a later round takes
    /// costs a read and changes nothing, and none is left behind for ever under an old round's name.
    /// </summary>
    public const string DirectoryChangedEventName = "directory-changed";

    public async Task<TierRaceResult> NextAsync()
    {
        if (reviewHandedOut)
        {
            // The last review was not accepted: wait for the next one, on the same clock.
            review = Wait(reviewEventName);
            reviewHandedOut = false;
        }

        if (lateHandedOut)
        {
            late = Wait(lateEventName!);
            lateHandedOut = false;
        }

        if (directoryChangeHandedOut)
        {
            directoryChange = WaitForDirectoryChange();
            directoryChangeHandedOut = false;
        }

        // A review listed first wins a tie with the deadline: it was raised before the timer's turn was taken.
        var contenders = new List<Task> { review };
        if (late is not null)
        {
            contenders.Add(late);
        }

        // Before the deadline: a handover that reached the instance first is recorded before the breach is charged.
        contenders.Add(directoryChange);
        contenders.Add(deadlineTimer);
        if (reminderTimer is not null)
        {
            contenders.Add(reminderTimer);
        }

        var winner = await Task.WhenAny(contenders);
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

        if (winner == late)
        {
            lateHandedOut = true;
            return new TierRaceResult(TierRaceTurn.ReviewArrived, await late!);
        }

        if (winner == directoryChange)
        {
            directoryChangeHandedOut = true;
            return new TierRaceResult(TierRaceTurn.DirectoryChanged, null);
        }

        reminderCancel.Cancel();
        return new TierRaceResult(TierRaceTurn.DeadlinePassed, null);
    }

    /// <summary>The review handed out last won the race: both timers are called off.</summary>
    public void Accept()
    {
        deadlineCancel.Cancel();
        reminderCancel.Cancel();
    }

    /// <summary>
    /// Reviews that reached this round (or the late one) after the race was decided: the ones the open waits took, then
    /// any already buffered for either name. Call once, when the round is over; they lose and are to be recorded.
    /// </summary>
    public IReadOnlyList<ReviewDecision> TakeLeftovers()
    {
        var leftovers = new List<ReviewDecision>();
        Collect(reviewHandedOut ? null : review, reviewEventName, leftovers);
        if (lateEventName is not null)
        {
            Collect(lateHandedOut ? null : late, lateEventName, leftovers);
        }

        return leftovers;
    }

    public void Dispose()
    {
        deadlineCancel.Dispose();
        reminderCancel.Dispose();
    }

    private void Collect(Task<ReviewDecision>? open, string eventName, List<ReviewDecision> leftovers)
    {
        if (open is not null)
        {
            if (!open.IsCompletedSuccessfully)
            {
                return;
            }

            leftovers.Add(open.Result);
        }

        // A buffered event completes a new wait at once; the first wait that stays open ends the drain.
        while (Wait(eventName) is { IsCompletedSuccessfully: true } buffered)
        {
            leftovers.Add(buffered.Result);
        }
    }

    private Task<ReviewDecision> Wait(string eventName) => context.WaitForExternalEvent<ReviewDecision>(eventName);

    private Task<DirectoryChangeSignal> WaitForDirectoryChange() => context.WaitForExternalEvent<DirectoryChangeSignal>(DirectoryChangedEventName);
}
