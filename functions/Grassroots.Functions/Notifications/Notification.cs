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

/// <summary>
/// The status messages a resident would care about, published to the reporter-updates topic for the channel that
/// captured the event to deliver; each has a JSON schema in schemas/reporter-updates/. They carry the channel and its
/// reference, never the reporter's phone or the staff's names.
/// </summary>
public static class ReporterUpdateKinds
{
    /// <summary>The escalation started: the event reached its unit.</summary>
    public const string Received = "received";
    /// <summary>The event reached another tier (escalated, returned by departments, moved by an import).</summary>
    public const string WithTier = "with-tier";
    /// <summary>派单: sent to departments.</summary>
    public const string Dispatched = "dispatched";
    /// <summary>办结: closed; the note carries the outcome.</summary>
    public const string Resolved = "resolved";
    /// <summary>重新办理: the resident (or a phone follow-up) said it was not fixed.</summary>
    public const string Reopened = "reopened";
    /// <summary>回访: the resident is asked whether it was fixed, until deadlineUtc.</summary>
    public const string FollowUpRequested = "follow-up-requested";

    public static IReadOnlyList<string> All { get; } = [Received, WithTier, Dispatched, Resolved, Reopened, FollowUpRequested];
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

    /// <summary>The reporter-updates contract's version.</summary>
    public const int ReporterSchemaVersion = 1;

    /// <summary>The round the notice belongs to: a reviewer's review or a department's report names it.</summary>
    public int Round { get; init; }

    /// <summary>Where the problem is, for a department sent to it; added by <see cref="NotifyActivity"/> from the event row.</summary>
    public LocationView? Location { get; init; }

    /// <summary>A status message for the reporter (<see cref="ReporterUpdateKinds"/>) rather than a notice to staff.</summary>
    public bool ToReporter { get; init; }

    /// <summary>The channel that captured the event, for a reporter's update; added by <see cref="NotifyActivity"/> from the event row.</summary>
    public string? Channel { get; init; }

    /// <summary>The channel's own reference for the report, when it gave one.</summary>
    public string? ChannelReference { get; init; }

    /// <summary>
    /// Deterministic, so a retried send is dropped by the broker's duplicate detection. A reporter's update says so in
    /// its id: it may share a step and a kind name with a staff notice, and the outbox keys both by MessageId.
    /// </summary>
    public string MessageId => ToReporter ? $"{EventId}:{Step:D6}:reporter-{Kind}"
        : DepartmentId is null ? $"{EventId}:{Step:D6}:{Kind}" : $"{EventId}:{Step:D6}:{Kind}:{DepartmentId}";
}
