namespace Grassroots.Functions.Events;

/// <summary>
/// One department's part of a dispatch (派单), kept on the event row. Every round stays in the history, also after
/// the event escalates or comes back, so the trace shows who was asked, when, by when, and how it ended.
/// </summary>
public sealed record DispatchRecord(
    int Round,
    string DepartmentId,
    string DepartmentName,
    string DispatchedByNodeId,
    string DispatchedByPersonId,
    DateTimeOffset DispatchedAt,
    DateTimeOffset AcknowledgeByUtc,
    DateTimeOffset ResolveByUtc,
    string State,
    string? Note);
