namespace Grassroots.Functions.Escalation;

/// <summary>
/// A notice a step sends with it: to the link's person (or, with a department, to that department's queue), or an update
/// to the resident, who hears the tier, never the person.
/// </summary>
public sealed record StepNotice(
    string Kind, ChainLink Link, DateTimeOffset? DeadlineUtc, string? Note, bool IsForReporter = false, string? DepartmentId = null, string? DepartmentQueue = null)
{
    public static StepNotice ToReporter(string kind, ChainLink link, DateTimeOffset? deadlineUtc, string? note) =>
        new(kind, link, deadlineUtc, note, IsForReporter: true);
}
