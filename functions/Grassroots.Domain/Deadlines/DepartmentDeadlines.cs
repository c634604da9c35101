namespace Grassroots.Domain;

/// <summary>What a department owes on a dispatched event (派单), both in UTC.</summary>
/// <param name="AcknowledgeByUtc">By when it must acknowledge: the same overnight rule as a tier's review.</param>
/// <param name="ResolveByUtc">By when it must resolve (办结) and report back.</param>
public sealed record DepartmentDeadlines(DateTimeOffset AcknowledgeByUtc, DateTimeOffset ResolveByUtc);
