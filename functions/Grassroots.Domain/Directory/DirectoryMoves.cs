namespace Grassroots.Domain;

/// <summary>
/// Where the open work of what an import removes goes (转办): a removed node's open events to a node of the same tier,
/// a removed department's open dispatches to another department. Keys are the removed ids, values where their work moves.
/// </summary>
public sealed record DirectoryMoves(IReadOnlyDictionary<string, string> Nodes, IReadOnlyDictionary<string, string> Departments)
{
    /// <summary>At most this many moves of each kind in one import.</summary>
    public const int MaxPerKind = 1000;

    public static DirectoryMoves None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>Whether it names no move at all.</summary>
    public bool IsEmpty => Nodes.Count == 0 && Departments.Count == 0;

    /// <summary>
    /// The moves an earlier import already carried out: each names a node or department that neither the stored nor the
    /// imported directory holds, and the newest import named the very same move. That is a client's retry of an import
    /// whose answer it lost; it finds nothing left to move, so it moves nothing and is told so.
    /// </summary>
    /// <param name="newest">The moves the newest import named (an import that changed nothing included, so a retried retry still qualifies).</param>
    /// <param name="current">The stored nodes' tiers, by id.</param>
    /// <param name="currentDepartments">The stored departments' ids.</param>
    public DirectoryMoves AppliedBy(DirectoryMoves newest, OrgDirectory next, IReadOnlyDictionary<string, Tier> current, IReadOnlySet<string> currentDepartments)
    {
        ArgumentNullException.ThrowIfNull(newest);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(currentDepartments);
        return new(
            Nodes.Where(m => !current.ContainsKey(m.Key) && next.FindNode(m.Key) is null && Names(newest.Nodes, m))
                .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            Departments.Where(m => !currentDepartments.Contains(m.Key) && next.FindDepartment(m.Key) is null && Names(newest.Departments, m))
                .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

        static bool Names(IReadOnlyDictionary<string, string> moves, KeyValuePair<string, string> move) =>
            moves.TryGetValue(move.Key, out var to) && string.Equals(to, move.Value, StringComparison.Ordinal);
    }

    /// <summary>These moves less the given ones.</summary>
    public DirectoryMoves Without(DirectoryMoves other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Nodes.Where(m => !other.Nodes.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            Departments.Where(m => !other.Departments.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// Whether a dispatched department's part may move where <see cref="Departments"/> sends it: the department it goes to
    /// must list, in <c>dispatchableBy</c>, the node that dispatched the event (or the node this import moves that one's
    /// events to), as the dispatch itself had to. Null when it may, or when no move names the department.
    /// </summary>
    public DirectoryProblem? CheckMovedDispatch(OrgDirectory next, string eventId, string departmentId, string dispatchedByNodeId)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!Departments.TryGetValue(departmentId, out var to) || next.FindDepartment(to) is not { } target)
        {
            return null;
        }

        var node = Nodes.TryGetValue(dispatchedByNodeId, out var movedTo) ? movedTo : dispatchedByNodeId;
        return target.DispatchableBy.Contains(node, StringComparer.Ordinal)
            ? null
            : new DirectoryProblem($"moves.departments.{departmentId}",
                $"'{to}' may not be dispatched to by '{node}' (its dispatchableBy), which dispatched event {eventId} to '{departmentId}'; move the dispatch to a department '{node}' may dispatch to.");
    }

    /// <summary>Problems with the moves against the directory being imported and the one it replaces; empty when they fit.</summary>
    /// <param name="current">The stored nodes' tiers, by id (removed ones included).</param>
    /// <param name="currentDepartments">The stored departments' ids.</param>
    public IReadOnlyList<DirectoryProblem> Check(OrgDirectory next, IReadOnlyDictionary<string, Tier> current, IReadOnlySet<string> currentDepartments)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(currentDepartments);
        var problems = new List<DirectoryProblem>();
        foreach (var (from, to) in Nodes)
        {
            var path = $"moves.nodes.{from}";
            if (!current.TryGetValue(from, out var tier) || next.FindNode(from) is not null)
            {
                problems.Add(new(path, $"'{from}' is not a node this import removes (nor one the newest import already moved the same way); only a removed node's events move."));
            }
            else if (next.FindNode(to) is not { } target)
            {
                problems.Add(new(path, $"'{to}' is not a node of the imported directory."));
            }
            else if (target.Tier != tier)
            {
                problems.Add(new(path, $"'{to}' is a {target.Tier.ToWireName()} node; events of the {tier.ToWireName()} node '{from}' move to a node of the same tier."));
            }
        }

        foreach (var (from, to) in Departments)
        {
            var path = $"moves.departments.{from}";
            if (!currentDepartments.Contains(from) || next.FindDepartment(from) is not null)
            {
                problems.Add(new(path, $"'{from}' is not a department this import removes (nor one the newest import already moved the same way); only a removed department's dispatches move."));
            }
            else if (to == from)
            {
                problems.Add(new(path, $"'{from}' is removed: its dispatches move to another department of the imported directory."));
            }
            else if (next.FindDepartment(to) is null)
            {
                problems.Add(new(path, currentDepartments.Contains(to)
                    ? $"'{to}' is removed by this import too; dispatches move to a department the imported directory keeps."
                    : $"'{to}' is not a department of the imported directory."));
            }
        }

        return problems;
    }
}
