namespace Grassroots.Domain;

/// <summary>A government department (职能部门) that town-tier centres and above can dispatch events to (派单).</summary>
/// <param name="Id">Stable readable id, e.g. "chengxiang-natural-resources".</param>
/// <param name="Name">Display name.</param>
/// <param name="QueueName">The Service Bus queue its work arrives on; by convention "dept-&lt;id&gt;".</param>
/// <param name="DispatchableBy">Ids of the nodes (town tier or above) allowed to dispatch to it.</param>
/// <param name="Contact">Who answers for it; IdentityId is the app id its system signs in with.</param>
/// <param name="ResolveWithinWorkingDays">How many working days it has to resolve a dispatched event.</param>
public sealed record Department(
    string Id,
    string Name,
    string QueueName,
    IReadOnlyList<string> DispatchableBy,
    ResponsiblePerson Contact,
    int ResolveWithinWorkingDays = Department.DefaultResolveWithinWorkingDays)
{
    /// <summary>The article's dispatched case was settled "within a week": five working days.</summary>
    public const int DefaultResolveWithinWorkingDays = 5;

    /// <summary>The smallest allowed resolve period.</summary>
    public const int MinResolveWithinWorkingDays = 1;

    /// <summary>The largest allowed resolve period: about three months, beyond which a dispatch is not a deadline any more.</summary>
    public const int MaxResolveWithinWorkingDays = 60;
}
