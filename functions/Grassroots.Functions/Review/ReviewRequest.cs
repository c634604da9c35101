namespace Grassroots.Functions.Review;

/// <summary>
/// The body of POST /api/events/{id}/reviews. There is no reviewer field: the reviewer is whoever signed in.
/// </summary>
public sealed record ReviewRequest
{
    public string? Tier { get; init; }
    /// <summary>Required: the round the review answers, as GET /api/events/{id} and the review-requested notice show it.</summary>
    public int? Round { get; init; }
    public string? Decision { get; init; }
    public string? Note { get; init; }
    /// <summary>For resolve: fixed, no-action-needed, duplicate or not-ours.</summary>
    public string? Outcome { get; init; }
    /// <summary>For a duplicate: the event it duplicates.</summary>
    public string? DuplicateOf { get; init; }
    /// <summary>For dispatch: department ids.</summary>
    public IReadOnlyList<string>? Departments { get; init; }
}
