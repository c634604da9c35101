namespace Grassroots.Functions.MyWork;

/// <summary>A department a node may dispatch to, as the directory says.</summary>
public sealed record DepartmentRefView(string DepartmentId, string Name);

/// <summary>A node the caller answers for (as its responsible person, or as a deputy on duty now).</summary>
/// <param name="DispatchTo">The departments this node may dispatch to (town tier and above); empty below.</param>
public sealed record MyNodeView(string NodeId, string Name, string Tier, IReadOnlyList<DepartmentRefView> DispatchTo);

/// <summary>What the caller may do, so a client shows the right screens; every action is still checked where it is taken.</summary>
public sealed record MyRightsView(bool Review, bool Dispatch, bool Report, bool ReadFigures, bool ImportDirectory);

/// <param name="Kind">person, department, unknown (signed in, not in the directory) or admin-only callers as unknown with <c>IsAdmin</c>.</param>
public sealed record MeView(
    string Kind, string? IdentityId, string? PersonId, string? Name, bool IsAdmin,
    IReadOnlyList<MyNodeView> Nodes, DepartmentRefView? Department, MyRightsView May);
