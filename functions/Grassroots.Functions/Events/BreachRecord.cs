namespace Grassroots.Functions.Events;

/// <summary>A missed deadline charged to the person who answers for it.</summary>
public sealed record BreachRecord(
    string EventId,
    int Sequence,
    string Kind,
    string Tier,
    string NodeId,
    string PersonId,
    string PersonName,
    DateTimeOffset DeadlineUtc,
    DateTimeOffset DetectedAt);

public static class BreachKinds
{
    public const string Review = "review";
    public const string DepartmentAcknowledge = "department-acknowledge";
    public const string DepartmentResolve = "department-resolve";
}
