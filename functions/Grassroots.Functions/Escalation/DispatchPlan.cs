using Grassroots.Domain;

namespace Grassroots.Functions.Escalation;

/// <summary>What the dispatching review asked for, with the policy its deadlines follow.</summary>
public sealed record DispatchRequest(string EventId, IReadOnlyList<string> DepartmentIds, DateTimeOffset DispatchedAt, ReviewDeadlineSettings Policy);

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
