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
                problems.Add(new(path, $"'{from}' is not a node this import removes; only a removed node's events move."));
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
                problems.Add(new(path, $"'{from}' is not a department this import removes; only a removed department's dispatches move."));
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
