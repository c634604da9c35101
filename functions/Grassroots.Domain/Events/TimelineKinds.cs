namespace Grassroots.Domain.Events;

/// <summary>The kinds of step an event's trace (留痕) records.</summary>
public static class TimelineKinds
{
    /// <summary>采集: a channel captured the event.</summary>
    public const string Captured = "captured";
    /// <summary>The event reached a tier; its review deadline starts.</summary>
    public const string Arrived = "arrived";
    /// <summary>The tier's responsible person was asked to review.</summary>
    public const string ReviewRequested = "review-requested";
    public const string ReminderSent = "deadline-reminder";
    /// <summary>上报: a reviewer sent it up.</summary>
    public const string Escalated = "escalated";
    /// <summary>The tier did not review by its deadline (研判不隔夜 broken): a breach charged to its person.</summary>
    public const string DeadlineMissed = "deadline-missed";
    /// <summary>At the city there is no tier above: the event stays open and overdue, re-notified each day.</summary>
    public const string Overdue = "overdue";
    /// <summary>办结.</summary>
    public const string Resolved = "resolved";
    /// <summary>A review that arrived stale or invalid, recorded instead of acted on.</summary>
    public const string ReviewRejected = "review-rejected";
    /// <summary>派单: sent to departments.</summary>
    public const string Dispatched = "dispatched";
    public const string DepartmentAcknowledged = "department-acknowledged";
    public const string DepartmentResolved = "department-resolved";
    public const string DepartmentReturned = "department-returned";
    public const string DepartmentOverdue = "department-overdue";
    /// <summary>A department report that did not fit the dispatch's state, recorded instead of acted on.</summary>
    public const string DepartmentReportRejected = "department-report-rejected";
    /// <summary>A notice could not be sent now: it waits in the outbox and is sent when the broker takes it; the clocks keep running.</summary>
    public const string NoticeDelayed = "notice-delayed";
    /// <summary>The watchdog found the event's escalation gone (missing, failed, terminated or never started) and restarted it from the event row.</summary>
    public const string Repaired = "repaired";
    /// <summary>交接: the person answering for the node holding the event changed while it waited (new head, deputy on duty); the deadline stays.</summary>
    public const string Handover = "handover";
    /// <summary>
    /// 转办: an import removed the node holding the event and moved it to another node, where a new deadline starts; or it
    /// removed a dispatched department and moved its part to another department, dispatched anew with fresh deadlines.
    /// </summary>
    public const string Transferred = "transferred";
    /// <summary>回访: after the close the resident is asked whether it was fixed, until the step's deadline.</summary>
    public const string FollowUpRequested = "follow-up-requested";
    /// <summary>The resident (or a phone follow-up) answered: fixed or not, and how satisfied.</summary>
    public const string FollowUpAnswered = "follow-up-answered";
    /// <summary>Nobody answered by the end of the follow-up window.</summary>
    public const string FollowUpNoReply = "follow-up-no-reply";
    /// <summary>重新办理: "not fixed" opened the event again at the tier that closed it, counted against that tier and person.</summary>
    public const string Reopened = "reopened";
    /// <summary>Another event was closed as a duplicate of this one.</summary>
    public const string DuplicateLinked = "duplicate-linked";
}
