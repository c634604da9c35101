namespace Grassroots.Functions.FollowUp;

/// <summary>
/// The body of POST /api/tracking/feedback (the resident) and POST /api/events/{id}/follow-ups (a phone follow-up).
/// No round: an event has at most one follow-up open, and the endpoint answers that one.
/// </summary>
public sealed record FollowUpRequest
{
    /// <summary>Required: was the problem fixed? false reopens the event at the tier that closed it.</summary>
    public bool? Fixed { get; init; }

    /// <summary>Required: 1 (very unhappy) to 5 (very happy).</summary>
    public int? Satisfaction { get; init; }

    public string? Comment { get; init; }
}
