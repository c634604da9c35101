namespace Grassroots.Domain.Events;

/// <summary>What a department (职能部门) reports back on a dispatch.</summary>
public static class DepartmentReportKinds
{
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    /// <summary>Not the department's to solve, or not solvable as dispatched: back to the dispatching tier, with a reason.</summary>
    public const string Returned = "returned";

    public static IReadOnlyList<string> All { get; } = [Acknowledged, Resolved, Returned];
}

/// <summary>Where one department's part of a dispatch stands.</summary>
public static class DispatchStates
{
    public const string Dispatched = "dispatched";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Returned = "returned";
    /// <summary>The department missed a deadline.</summary>
    public const string Overdue = "overdue";
    /// <summary>Another department returned the event or missed a deadline, so this part was called off.</summary>
    public const string Withdrawn = "withdrawn";
    /// <summary>转办: an import removed the department and moved its part to another one, which got a new dispatch.</summary>
    public const string Transferred = "transferred";

    public static bool IsSettled(string state) => state is Resolved or Returned or Overdue or Withdrawn or Transferred;
}

/// <param name="Round">The dispatch round the report answers (the event's round when it was dispatched).</param>
public sealed record DepartmentReport(string DepartmentId, string Kind, string? Reason, string? Note, int Round = 0)
{
    /// <summary>Names one accepted report (see <see cref="ReviewDecision.SubmissionId"/>).</summary>
    public string? SubmissionId { get; init; }

    /// <summary>When the endpoint accepted it: a report accepted before its deadline acts even if it arrives after the timer.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
}

/// <summary>Which report a department may send in which state; the endpoint and the orchestration both ask.</summary>
public static class DispatchRules
{
    /// <returns>The state after the report, or null when the report does not fit the state (stale or out of order).</returns>
    /// <summary>True when the dispatch is already where this report would take it: a repeat of a report already applied.</summary>
    public static bool AlreadyApplied(string state, string reportKind) => (state, reportKind) switch
    {
        (DispatchStates.Acknowledged, DepartmentReportKinds.Acknowledged) => true,
        (DispatchStates.Resolved, DepartmentReportKinds.Resolved) => true,
        (DispatchStates.Returned, DepartmentReportKinds.Returned) => true,
        _ => false,
    };

    public static string? Apply(string state, string reportKind) => (state, reportKind) switch
    {
        (DispatchStates.Dispatched, DepartmentReportKinds.Acknowledged) => DispatchStates.Acknowledged,
        (DispatchStates.Dispatched or DispatchStates.Acknowledged, DepartmentReportKinds.Resolved) => DispatchStates.Resolved,
        (DispatchStates.Dispatched or DispatchStates.Acknowledged, DepartmentReportKinds.Returned) => DispatchStates.Returned,
        _ => null,
    };
}
