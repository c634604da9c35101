namespace Grassroots.Domain.FollowUps;

/// <summary>
/// 回访: the answer to "was it fixed?" after an event closed, from the resident (tracking token) or recorded by a grid or
/// community head who asked them by phone. It answers the follow-up's round and acts in no other.
/// </summary>
/// <param name="Satisfaction">1 (very unhappy) to 5 (very happy).</param>
/// <param name="Via">Who gave it: <see cref="FollowUpChannels"/>.</param>
/// <param name="RecordedByPersonId">The staff member who recorded a phone follow-up; null for the resident's own answer.</param>
public sealed record FollowUpAnswer(
    bool Fixed, int Satisfaction, string? Comment, string Via, string? RecordedByPersonId, string? RecordedByName, int Round)
{
    /// <summary>Set when the endpoint keeps the answer, before it is raised to the orchestration.</summary>
    public string? SubmissionId { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }
}

public static class FollowUpChannels
{
    /// <summary>The resident answered with their tracking token.</summary>
    public const string Resident = "resident";
    /// <summary>A grid or community head asked the resident by phone and recorded the answer.</summary>
    public const string Phone = "phone";
}

/// <summary>Where an event's follow-up stands (the event row's <c>FollowUpState</c>).</summary>
public static class FollowUpStates
{
    public const string Open = "open";
    public const string Answered = "answered";
    public const string NoReply = "no-reply";
}
