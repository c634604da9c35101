using Grassroots.Functions.Events;

namespace Grassroots.Functions.Notifications;

/// <summary>The message kinds of the notification contract; each has a JSON schema in schemas/notifications/.</summary>
public static class NotificationKinds
{
    public const string ReviewRequested = "review-requested";
    public const string DeadlineReminder = "deadline-reminder";
    public const string Escalated = "escalated";
    public const string Dispatched = "dispatched";
    public const string DepartmentOverdue = "department-overdue";
    /// <summary>转办: an import removed the department; its part of the dispatch moved to another department, so it stops work.</summary>
    public const string DispatchWithdrawn = "dispatch-withdrawn";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> All { get; } = [ReviewRequested, DeadlineReminder, Escalated, Dispatched, DepartmentOverdue, DispatchWithdrawn, Resolved];

    /// <summary>Kinds addressed to a department go to its own queue; the rest go to the reviewers' topic.</summary>
    public static bool IsForDepartment(string kind) => kind is Dispatched or DepartmentOverdue or DispatchWithdrawn;
}

/// <summary>One notification, as the orchestration asks for it. <see cref="Step"/> is the timeline sequence it belongs to.</summary>
public sealed record Notification(
    string Kind,
    string EventId,
    int Step,
    string Category,
    string Tier,
    string NodeId,
    string? PersonId,
    string? PersonName,
    string? NotificationTarget,
    string? DepartmentId,
    string? DepartmentQueue,
    DateTimeOffset? DeadlineUtc,
    DateTimeOffset At,
    string? Note)
{
    /// <summary>2: <c>round</c> became required (the round a review or department report must name).</summary>
    public const int SchemaVersion = 2;

    /// <summary>The round the notice belongs to: a reviewer's review or a department's report names it.</summary>
    public int Round { get; init; }

    /// <summary>Where the problem is, for a department sent to it; added by <see cref="NotifyActivity"/> from the event row.</summary>
    public LocationView? Location { get; init; }

    /// <summary>Deterministic, so a retried send is dropped by the broker's duplicate detection.</summary>
    public string MessageId => DepartmentId is null ? $"{EventId}:{Step:D6}:{Kind}" : $"{EventId}:{Step:D6}:{Kind}:{DepartmentId}";
}
