namespace Grassroots.Domain.Events;

/// <summary>What a tier decides when it reviews (研判) an event.</summary>
public static class ReviewDecisions
{
    /// <summary>办结: close the event here.</summary>
    public const string Resolve = "resolve";
    /// <summary>上报: send it to the tier above.</summary>
    public const string Escalate = "escalate";
    /// <summary>派单: hand it to government departments (town/street and above).</summary>
    public const string Dispatch = "dispatch";

    public static IReadOnlyList<string> All { get; } = [Resolve, Escalate, Dispatch];
}

/// <summary>How a closed event ended. "Closed" is not "fixed": only <see cref="Fixed"/> counts as fixing the problem.</summary>
public static class ResolutionOutcomes
{
    public const string Fixed = "fixed";
    public const string NoActionNeeded = "no-action-needed";
    /// <summary>The same problem as another event, which carries on; the two are linked both ways.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>Out of scope for the platform.</summary>
    public const string NotOurs = "not-ours";

    public static IReadOnlyList<string> All { get; } = [Fixed, NoActionNeeded, Duplicate, NotOurs];
}

/// <summary>A review as it reaches the orchestration: who decided what, at which tier, answering which round.</summary>
/// <param name="Round">The round the reviewer saw when deciding; a decision acts only in that round.</param>
public sealed record ReviewDecision(
    string Tier,
    string Decision,
    string ReviewerPersonId,
    string? ReviewerName,
    string? Note,
    string? Outcome,
    string? DuplicateOfEventId,
    IReadOnlyList<string>? Departments,
    bool SupervisorSteppingIn,
    int Round = 0)
{
    /// <summary>Names one accepted submission, so the copy raised to the orchestration and the copy kept by the
    /// endpoint are known to be the same decision. Null for the system's own decisions (a missed deadline).</summary>
    public string? SubmissionId { get; init; }

    /// <summary>When the endpoint accepted it: a review accepted before its deadline acts even if it reaches the
    /// orchestration after the deadline's timer.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
}
