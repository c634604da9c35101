namespace Grassroots.Functions.Departments;

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

/// <summary>What the dispatching review asked for, with the policy its deadlines follow.</summary>
public sealed record DispatchRequest(string EventId, IReadOnlyList<string> DepartmentIds, DateTimeOffset DispatchedAt, Grassroots.Domain.ReviewDeadlineSettings Policy);

/// <summary>A department as the dispatch needs it: where its messages go, who answers for it, and its two deadlines.</summary>
public sealed record DepartmentAssignment(
    string DepartmentId,
    string DepartmentName,
    string QueueName,
    string ContactPersonId,
    string ContactName,
    string ContactTarget,
    DateTimeOffset AcknowledgeByUtc,
    DateTimeOffset ResolveByUtc);
