using Grassroots.Domain.Events;

namespace Grassroots.Domain.FollowUps;

/// <summary>
/// The rules of the follow-up (回访) that closes the loop with the resident: which closes are followed up, how long the
/// resident may answer, what counts as satisfied, and what an answer does.
/// </summary>
public static class FollowUpRules
{
    /// <summary>How long the resident may answer after the close, unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    public const int MinSatisfaction = 1;
    public const int MaxSatisfaction = 5;

    /// <summary>A satisfaction of 4 or 5 counts as satisfied (满意).</summary>
    public const int SatisfiedFrom = 4;

    public const int MaxComment = 1000;

    /// <summary>
    /// Every close is followed up except a duplicate's: its reporter follows the original, whose own follow-up asks
    /// the question once for both.
    /// </summary>
    public static bool IsFollowedUp(string? outcome) => outcome != ResolutionOutcomes.Duplicate;

    public static bool IsValidSatisfaction(int satisfaction) => satisfaction is >= MinSatisfaction and <= MaxSatisfaction;

    public static bool IsSatisfied(FollowUpAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Fixed && answer.Satisfaction >= SatisfiedFrom;
    }

    /// <summary>重新办理: "not fixed" reopens the event at the tier that closed it.</summary>
    public static bool Reopens(FollowUpAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return !answer.Fixed;
    }

    /// <summary>An answer counts only when it was accepted by the end of the window (both ends included).</summary>
    public static bool IsInWindow(DateTimeOffset acceptedAt, DateTimeOffset windowEndsUtc) => acceptedAt <= windowEndsUtc;
}
