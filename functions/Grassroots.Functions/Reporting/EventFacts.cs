namespace Grassroots.Functions.Reporting;

/// <summary>
/// What the projections need to know about the event a step belongs to, read from the event row and the directory.
/// </summary>
/// <param name="Chain">Node ids from the unit up to the city.</param>
/// <param name="Status">The event row's status when the step is projected (steps are recorded before they are projected).</param>
/// <param name="WasOverdue">Whether the event was already counted overdue (it missed a deadline while open).</param>
/// <param name="Outcome">The outcome of the event's latest close, if it was ever closed.</param>
/// <param name="ClosedByPersonId">Who made that close (a follow-up judges it; a reopen counts against them).</param>
/// <param name="ReopenCount">How often a follow-up reopened the event so far.</param>
public sealed record EventFacts(
    string EventId,
    IReadOnlyList<string> Chain,
    DateTimeOffset CapturedAt,
    string Category,
    string Title,
    string UnitId,
    string Status,
    string UnitHeadPersonId,
    string UnitHeadName,
    bool WasOverdue,
    string? Outcome = null,
    string? ClosedByPersonId = null,
    string? ResolvedTier = null,
    int ReopenCount = 0);
