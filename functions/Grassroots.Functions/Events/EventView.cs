namespace Grassroots.Functions.Events;

public sealed record TimelineEntryView(
    int Sequence, DateTimeOffset At, string Kind, string? Tier, string? NodeId, string? ActorId, string? ActorName, string? Note, DateTimeOffset? DeadlineUtc);

public sealed record ReporterView(string? Name, string? Phone);

/// <summary>Where the problem is: a point (degrees, WGS 84), an address, or both. JSON names as Open311 has them.</summary>
public sealed record LocationView(
    [property: System.Text.Json.Serialization.JsonPropertyName("lat")] double? Latitude,
    [property: System.Text.Json.Serialization.JsonPropertyName("long")] double? Longitude,
    string? Address)
{
    /// <summary>The location as reviewers and dispatched departments see it; null when the report gave none.</summary>
    public static LocationView? Of(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Latitude is null && row.Address is null ? null : new LocationView(row.Latitude, row.Longitude, row.Address);
    }
}

/// <summary>What GET /api/events/{id} answers: the event's state, who holds it, by when, and its whole trace.</summary>
public sealed record EventView(
    string EventId,
    string Status,
    string Stage,
    int Round,
    string Category,
    string Title,
    string Description,
    string UnitId,
    string Channel,
    ReporterView Reporter,
    DateTimeOffset OccurredAt,
    DateTimeOffset CapturedAt,
    IReadOnlyList<string> Attachments,
    LocationView? Location,
    string CurrentTier,
    string CurrentNodeId,
    string? ResponsiblePersonId,
    string? ResponsiblePersonName,
    DateTimeOffset? DeadlineUtc,
    bool Overdue,
    string? Outcome,
    string? Resolution,
    string? ResolvedTier,
    string? ResolvedByPersonId,
    DateTimeOffset? ClosedAt,
    string? DuplicateOfEventId,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<DispatchRecord> Dispatches,
    IReadOnlyList<TimelineEntryView> Timeline,
    FollowUpView? FollowUp,
    int ReopenCount);

/// <summary>回访: the latest follow-up of the event; null until a close was followed up.</summary>
/// <param name="State">open (the resident may answer until <paramref name="EndsUtc"/>), answered or no-reply.</param>
public sealed record FollowUpView(string State, DateTimeOffset? EndsUtc, bool? Fixed, int? Satisfaction)
{
    public static FollowUpView? Of(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FollowUpState is null ? null : new FollowUpView(row.FollowUpState, row.FollowUpEndsUtc, row.FollowUpFixed, row.FollowUpSatisfaction);
    }
}
