namespace Grassroots.Domain.Access;

/// <summary>Who is calling, as established by authentication (never by a request body).</summary>
public enum CallerKind
{
    Anonymous,
    /// <summary>Signed in, but neither in the directory nor an admin: may do nothing that needs a right.</summary>
    Unknown,
    Person,
    Department,
}

/// <param name="NodeIds">For a person: the nodes they are responsible for.</param>
/// <param name="Name">Display name from the directory, for the timeline.</param>
public sealed record Caller(CallerKind Kind, string? IdentityId, string? PersonId, string? DepartmentId, IReadOnlyCollection<string> NodeIds, bool IsAdmin, string? Name = null)
{
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, null, null, null, [], false);

    public bool IsAuthenticated => Kind != CallerKind.Anonymous;
}
