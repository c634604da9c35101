namespace Grassroots.Domain.Events;

public enum ReviewRefusal
{
    None,
    /// <summary>The event is closed, or the review names another tier than the one holding it (409).</summary>
    Stale,
    /// <summary>The reviewer answers for neither the holding node nor a node above it (403).</summary>
    NotResponsible,
    /// <summary>The decision can't be taken here: dispatch below town/street, escalate at the city, a resolve without outcome (422).</summary>
    NotAllowedHere,
}

public sealed record ReviewCheck(ReviewRefusal Refusal, string? Reason)
{
    public static ReviewCheck Accepted { get; } = new(ReviewRefusal.None, null);

    public bool IsAccepted => Refusal == ReviewRefusal.None;
}

/// <summary>
/// Whether a review may be acted on. The review endpoint checks before raising the event, and the orchestration checks
/// again when it arrives (it may have gone stale in between); both use these rules.
/// </summary>
public static class ReviewRules
{
    /// <param name="holdingTier">The tier holding the event now; null when the event is closed.</param>
    /// <param name="personsAtOrAbove">Responsible persons of the holding node and every node above it.</param>
    public static ReviewCheck Check(ReviewDecision review, Tier? holdingTier, IReadOnlyCollection<string> personsAtOrAbove)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(personsAtOrAbove);
        if (holdingTier is null)
        {
            return new(ReviewRefusal.Stale, "the event is closed");
        }

        if (!TierExtensions.TryParseWireName(review.Tier, out var tier) || tier != holdingTier)
        {
            return new(ReviewRefusal.Stale, $"the event is at the {holdingTier.Value.ToWireName()} tier, not {review.Tier}");
        }

        if (!personsAtOrAbove.Contains(review.ReviewerPersonId))
        {
            return new(ReviewRefusal.NotResponsible, "the reviewer answers for neither this node nor one above it");
        }

        return review.Decision switch
        {
            ReviewDecisions.Escalate when tier == Tier.City => new(ReviewRefusal.NotAllowedHere, "the city has no tier above it"),
            ReviewDecisions.Escalate => ReviewCheck.Accepted,
            ReviewDecisions.Dispatch when !tier.MayDispatchToDepartments() =>
                new(ReviewRefusal.NotAllowedHere, "only town/street and above may dispatch to departments"),
            ReviewDecisions.Dispatch when review.Departments is not { Count: > 0 } => new(ReviewRefusal.NotAllowedHere, "dispatch names no department"),
            ReviewDecisions.Dispatch => ReviewCheck.Accepted,
            ReviewDecisions.Resolve => CheckResolution(review),
            _ => new(ReviewRefusal.NotAllowedHere, $"unknown decision '{review.Decision}'"),
        };
    }

    private static ReviewCheck CheckResolution(ReviewDecision review)
    {
        if (review.Outcome is null || !ResolutionOutcomes.All.Contains(review.Outcome))
        {
            return new(ReviewRefusal.NotAllowedHere, "resolve needs an outcome: " + string.Join(", ", ResolutionOutcomes.All));
        }

        if (review.Outcome == ResolutionOutcomes.Duplicate && string.IsNullOrWhiteSpace(review.DuplicateOfEventId))
        {
            return new(ReviewRefusal.NotAllowedHere, "a duplicate names the event it duplicates");
        }

        return ReviewCheck.Accepted;
    }
}
