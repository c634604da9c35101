namespace Grassroots.Domain.Reporting;

/// <summary>
/// The work-queue views of a node. An open event is listed under <see cref="Open"/>; once it has missed any deadline
/// (review or department) it is also listed under <see cref="Overdue"/> until it closes; a closed event, fixed or not,
/// is listed under <see cref="Resolved"/> only.
/// </summary>
public static class QueueStatus
{
    public const string Open = "open";
    public const string Overdue = "overdue";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> All { get; } = [Open, Overdue, Resolved];

    public static bool IsKnown(string? status) => status is Open or Overdue or Resolved;
}
