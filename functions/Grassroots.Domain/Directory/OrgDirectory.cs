using Grassroots.Domain.Locations;

namespace Grassroots.Domain;

/// <summary>
/// The validated org tree (组织节点) and the departments: who is responsible where, who sits above whom, and who may
/// dispatch to which department. Immutable; built only from a directory that passed every rule.
/// </summary>
public sealed class OrgDirectory
{
    private readonly Dictionary<string, OrgNode> _nodesById;
    private readonly Dictionary<string, Department> _departmentsById;
    private readonly ILookup<string, OrgNode> _children;
    private readonly ILookup<string, OrgNode> _nodesByPerson;
    private readonly Dictionary<string, ResponsiblePerson> _peopleByIdentity;
    private readonly Dictionary<string, Department> _departmentsByIdentity;

    private OrgDirectory(IReadOnlyList<OrgNode> nodes, IReadOnlyList<Department> departments)
    {
        Nodes = nodes;
        Departments = departments;
        _nodesById = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        _departmentsById = departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _children = nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!, StringComparer.Ordinal);
        _nodesByPerson = nodes.ToLookup(n => n.Responsible.PersonId, StringComparer.Ordinal);

        // Validation guarantees an identity belongs to one person or one department. A person holding several posts
        // appears once per post; the first post in file order stands for them.
        _peopleByIdentity = new Dictionary<string, ResponsiblePerson>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            _peopleByIdentity.TryAdd(node.Responsible.IdentityId, node.Responsible);
        }

        foreach (var deputy in nodes.SelectMany(n => n.Deputies))
        {
            _peopleByIdentity.TryAdd(deputy.Person.IdentityId, deputy.Person);
        }

        _departmentsByIdentity = departments.ToDictionary(d => d.Contact.IdentityId, StringComparer.Ordinal);
    }

    /// <summary>All nodes, in file order.</summary>
    public IReadOnlyCollection<OrgNode> Nodes { get; }

    /// <summary>All departments, in file order.</summary>
    public IReadOnlyCollection<Department> Departments { get; }

    /// <summary>The city, the root of the tree.</summary>
    public OrgNode City => Nodes.Single(n => n.Tier == Tier.City);

    /// <param name="cityBounds">The city's rectangle when configured: every unit area must lie inside it.</param>
    /// <exception cref="InvalidDirectoryException">The document breaks any rule; nothing of it is used.</exception>
    public static OrgDirectory From(DirectoryDocument doc, GeoBounds? cityBounds = null)
    {
        var problems = DirectoryValidator.Validate(doc, cityBounds);
        if (problems.Count > 0)
        {
            throw new InvalidDirectoryException(problems);
        }

        var nodes = doc.Nodes!.Select(e => new OrgNode(
            e!.Id!,
            e.Name!,
            ParseTier(e.Tier),
            e.ParentId,
            ToPerson(e.Responsible!),
            e.NotificationTarget!,
            ToDeputies(e.Deputies))
        {
            Area = e.Area is null ? null : UnitArea.Read(e.Area, cityBounds, "area", []),
        }).ToList().AsReadOnly();
        var departments = doc.Departments!.Select(e => new Department(
            e!.Id!,
            e.Name!,
            e.QueueName!,
            e.DispatchableBy!.Select(id => id!).ToList().AsReadOnly(),
            ToPerson(e.Contact!),
            e.ResolveWithinWorkingDays ?? Department.DefaultResolveWithinWorkingDays)).ToList().AsReadOnly();
        return new OrgDirectory(nodes, departments);
    }

    /// <summary>Reads and validates a directory file in one step.</summary>
    /// <exception cref="DirectoryFormatException">The text is not JSON of the expected shape.</exception>
    /// <exception cref="InvalidDirectoryException">The directory breaks any rule.</exception>
    public static OrgDirectory Parse(string json) => From(DirectoryDocument.Parse(json));

    public OrgNode? FindNode(string id) => _nodesById.GetValueOrDefault(id);

    public Department? FindDepartment(string id) => _departmentsById.GetValueOrDefault(id);

    /// <summary>The path an unresolved event climbs: this node first, the city last.</summary>
    /// <exception cref="KeyNotFoundException">No node has this id.</exception>
    public IReadOnlyList<OrgNode> ChainToCity(string nodeId)
    {
        var chain = new List<OrgNode> { RequireNode(nodeId) };
        while (chain[^1].ParentId is { } parentId)
        {
            chain.Add(_nodesById[parentId]);
        }

        return chain;
    }

    /// <summary>True when the candidate is the node itself or any node above it; false when either is unknown.</summary>
    public bool IsAtOrAbove(string candidateAncestorId, string nodeId) =>
        _nodesById.ContainsKey(nodeId) && ChainToCity(nodeId).Any(n => n.Id == candidateAncestorId);

    /// <summary>
    /// Whether the person answers for this node or a node above it: those are the people who may act on an event
    /// here (一张图: every tier sees what is under it). False when the node is unknown.
    /// </summary>
    public bool IsResponsibleAtOrAbove(string personId, string nodeId) =>
        _nodesById.ContainsKey(nodeId) && ChainToCity(nodeId).Any(n => n.Responsible.PersonId == personId);

    /// <summary>The nodes this person is the responsible person for, in file order.</summary>
    public IReadOnlyList<OrgNode> NodesResponsibleFor(string personId) => [.. _nodesByPerson[personId]];

    /// <summary>The person who signs in with this identity (node posts only; departments sign in as departments).</summary>
    public ResponsiblePerson? FindPersonByIdentity(string identityId) => _peopleByIdentity.GetValueOrDefault(identityId);

    /// <summary>The department whose system signs in with this app id.</summary>
    public Department? FindDepartmentByIdentity(string identityId) => _departmentsByIdentity.GetValueOrDefault(identityId);

    /// <summary>
    /// Whether reviewers at the node may dispatch to the department (派单): the node is town tier or above and the
    /// department lists it. False when either is unknown.
    /// </summary>
    public bool MayDispatch(string nodeId, string departmentId) =>
        FindNode(nodeId) is { } node
        && node.Tier.MayDispatchToDepartments()
        && FindDepartment(departmentId) is { } department
        && department.DispatchableBy.Contains(nodeId, StringComparer.Ordinal);

    /// <summary>Every node below this one, at any depth (not the node itself), parents before their children.</summary>
    /// <exception cref="KeyNotFoundException">No node has this id.</exception>
    public IReadOnlyList<OrgNode> Under(string nodeId)
    {
        RequireNode(nodeId);
        var below = new List<OrgNode>();
        var pending = new Stack<OrgNode>(_children[nodeId].Reverse());
        while (pending.TryPop(out var node))
        {
            below.Add(node);
            foreach (var child in _children[node.Id].Reverse())
            {
                pending.Push(child);
            }
        }

        return below;
    }

    private OrgNode RequireNode(string nodeId) =>
        FindNode(nodeId) ?? throw new KeyNotFoundException($"No node has id '{nodeId}'.");

    private static Tier ParseTier(string? wireName) =>
        TierExtensions.TryParseWireName(wireName, out var tier) ? tier : throw new InvalidOperationException("Validated tiers always parse.");

    // The shared empty array keeps nodes without deputies equal to nodes built without them.
    private static Deputy[] ToDeputies(IReadOnlyList<DirectoryDeputyEntry?>? entries) =>
        entries is not { Count: > 0 } ? Array.Empty<Deputy>() : entries.Select(d => new Deputy(ToPerson(d!.Person!), d.From!.Value, d.Until!.Value)).ToArray();

    /// <summary>Every person the directory names, responsible people and deputies, once each (first mention stands).</summary>
    public IReadOnlyList<ResponsiblePerson> People() =>
        Nodes.Select(n => n.Responsible).Concat(Nodes.SelectMany(n => n.Deputies).Select(d => d.Person))
            .DistinctBy(p => p.PersonId, StringComparer.Ordinal).ToList();

    private static ResponsiblePerson ToPerson(DirectoryPersonEntry entry) =>
        new(entry.PersonId!, entry.Name!, entry.Role!, entry.Contact!, entry.IdentityId!);
}
