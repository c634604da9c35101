using Grassroots.Domain.Locations;

namespace Grassroots.Domain;

/// <summary>
/// Checks a directory file against every rule and reports all problems at once, each with its path, so one pass over
/// the file fixes it. A directory with any problem is refused whole (<see cref="OrgDirectory.From"/>): a half-loaded
/// tree would route events to people who are not there.
/// </summary>
public static class DirectoryValidator
{
    private static readonly string TierNames = string.Join(", ", Enum.GetValues<Tier>().Select(t => t.ToWireName()));

    /// <param name="cityBounds">The city's rectangle when configured: every unit area must lie inside it.</param>
    public static IReadOnlyList<DirectoryProblem> Validate(DirectoryDocument doc, GeoBounds? cityBounds = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var problems = new List<DirectoryProblem>();

        if (doc.SchemaVersion != DirectoryDocument.CurrentSchemaVersion)
        {
            problems.Add(new("schemaVersion", doc.SchemaVersion is null
                ? $"Missing; this code reads schema version {DirectoryDocument.CurrentSchemaVersion}."
                : $"Version {doc.SchemaVersion} is not supported; this code reads schema version {DirectoryDocument.CurrentSchemaVersion}."));
        }

        var nodes = CheckNodes(doc.Nodes, cityBounds, problems);
        CheckTree(nodes, problems);
        var departments = CheckDepartments(doc.Departments, nodes, problems);
        CheckPeople(nodes, departments, problems);
        return problems;
    }

    /// <summary>A node entry whose id is usable, with its tier when that was readable.</summary>
    private sealed record CheckedNode(int Index, string Id, Tier? Tier, string? ParentId, DirectoryPersonEntry? Responsible, IReadOnlyList<DirectoryDeputyEntry?>? Deputies)
    {
        public string Path => $"nodes[{Index}]";
    }

    private sealed record CheckedDepartment(int Index, string Id, DirectoryPersonEntry? Contact)
    {
        public string Path => $"departments[{Index}]";
    }

    /// <summary>Field checks per node; returns the first node for each distinct id.</summary>
    private static Dictionary<string, CheckedNode> CheckNodes(IReadOnlyList<DirectoryNodeEntry?>? entries, GeoBounds? cityBounds, List<DirectoryProblem> problems)
    {
        var byId = new Dictionary<string, CheckedNode>(StringComparer.Ordinal);
        if (entries is null || entries.Count == 0)
        {
            problems.Add(new("nodes", "Missing or empty: the directory needs at least the city node."));
            return byId;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"nodes[{i}]";
            var entry = entries[i];
            if (entry is null)
            {
                problems.Add(new(path, "Is null; expected a node object."));
                continue;
            }

            var idOk = CheckId(entry.Id, $"{path}.id", problems);
            Required(entry.Name, $"{path}.name", problems);

            Tier? tier = null;
            if (string.IsNullOrWhiteSpace(entry.Tier))
            {
                problems.Add(new($"{path}.tier", $"Missing; expected one of {TierNames}."));
            }
            else if (TierExtensions.TryParseWireName(entry.Tier, out var parsed))
            {
                tier = parsed;
            }
            else
            {
                problems.Add(new($"{path}.tier", $"Unknown tier '{entry.Tier}'; expected one of {TierNames} (or village, street, county)."));
            }

            if (entry.ParentId is { } parentId && string.IsNullOrWhiteSpace(parentId))
            {
                problems.Add(new($"{path}.parentId", "Is empty; give the parent's id, or null for the city."));
            }

            CheckPerson(entry.Responsible, $"{path}.responsible", problems);
            CheckDeputies(entry, path, problems);
            CheckNotificationTarget(entry.NotificationTarget, $"{path}.notificationTarget", problems);
            CheckArea(entry, tier, cityBounds, path, problems);

            if (!idOk)
            {
                continue;
            }

            if (byId.TryGetValue(entry.Id!, out var first))
            {
                problems.Add(new($"{path}.id", $"Duplicate node id '{entry.Id}' (first at {first.Path})."));
                continue;
            }

            byId.Add(entry.Id!, new CheckedNode(i, entry.Id!, tier, string.IsNullOrWhiteSpace(entry.ParentId) ? null : entry.ParentId, entry.Responsible, entry.Deputies));
        }

        return byId;
    }

    /// <summary>One city at the root; every other node under an existing parent exactly one tier up; no cycles.</summary>
    private static void CheckTree(Dictionary<string, CheckedNode> nodes, List<DirectoryProblem> problems)
    {
        var cities = nodes.Values.Where(n => n.Tier == Tier.City).OrderBy(n => n.Index).ToList();
        if (cities.Count == 0 && nodes.Count > 0)
        {
            problems.Add(new("nodes", "There is no city node: exactly one node must have tier \"city\" and no parent."));
        }

        foreach (var extra in cities.Skip(1))
        {
            problems.Add(new($"{extra.Path}.tier", $"A second city '{extra.Id}'; the directory has exactly one city ('{cities[0].Id}' at {cities[0].Path})."));
        }

        foreach (var node in nodes.Values.OrderBy(n => n.Index))
        {
            var path = $"{node.Path}.parentId";
            if (node.Tier == Tier.City)
            {
                if (node.ParentId is not null)
                {
                    problems.Add(new(path, $"The city has no parent; remove '{node.ParentId}'."));
                }

                continue;
            }

            if (node.ParentId is null)
            {
                problems.Add(new(path, node.Tier is { } tier
                    ? $"Missing: a {tier.ToWireName()} needs a parent {tier.Above()!.Value.ToWireName()}. Only the city has no parent."
                    : "Missing: only the city has no parent."));
                continue;
            }

            if (!nodes.TryGetValue(node.ParentId, out var parent))
            {
                problems.Add(new(path, $"No node has id '{node.ParentId}'."));
                continue;
            }

            if (node.Tier is { } childTier && parent.Tier is { } parentTier && parentTier != childTier.Above())
            {
                problems.Add(new(path, $"The parent of a {childTier.ToWireName()} must be a {childTier.Above()!.Value.ToWireName()}, but '{parent.Id}' is a {parentTier.ToWireName()}."));
            }
        }

        CheckCycles(nodes, problems);
    }

    // The tier rule alone rules out cycles in a valid file, but a file with wrong tiers can still loop, and a loop
    // would hang every walk up to the city; so it is named on its own, once per loop.
    private static void CheckCycles(Dictionary<string, CheckedNode> nodes, List<DirectoryProblem> problems)
    {
        var settled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in nodes.Values.OrderBy(n => n.Index))
        {
            var walk = new List<CheckedNode>();
            var onWalk = new HashSet<string>(StringComparer.Ordinal);
            var current = start;
            while (current is not null && !settled.Contains(current.Id))
            {
                if (!onWalk.Add(current.Id))
                {
                    var repeated = current.Id;
                    var loop = walk.SkipWhile(n => n.Id != repeated).ToList();
                    var reportAt = loop.MinBy(n => n.Index)!;
                    var route = string.Join(" → ", loop.Select(n => n.Id).Append(repeated));
                    problems.Add(new($"{reportAt.Path}.parentId", $"The parents form a cycle: {route}."));
                    break;
                }

                walk.Add(current);
                current = current.ParentId is { } parentId && nodes.TryGetValue(parentId, out var parent) ? parent : null;
            }

            settled.UnionWith(onWalk);
        }
    }

    private static List<CheckedDepartment> CheckDepartments(
        IReadOnlyList<DirectoryDepartmentEntry?>? entries,
        Dictionary<string, CheckedNode> nodes,
        List<DirectoryProblem> problems)
    {
        var departments = new List<CheckedDepartment>();
        if (entries is null)
        {
            problems.Add(new("departments", "Missing; give an array (it may be empty)."));
            return departments;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"departments[{i}]";
            var entry = entries[i];
            if (entry is null)
            {
                problems.Add(new(path, "Is null; expected a department object."));
                continue;
            }

            if (CheckId(entry.Id, $"{path}.id", problems))
            {
                if (ids.TryGetValue(entry.Id!, out var first))
                {
                    problems.Add(new($"{path}.id", $"Duplicate department id '{entry.Id}' (first at departments[{first}])."));
                }
                else
                {
                    ids.Add(entry.Id!, i);
                    departments.Add(new CheckedDepartment(i, entry.Id!, entry.Contact));
                }
            }

            Required(entry.Name, $"{path}.name", problems);

            if (string.IsNullOrWhiteSpace(entry.QueueName))
            {
                problems.Add(new($"{path}.queueName", $"Missing; by convention \"{ServiceBusQueueName.DepartmentPrefix}<id>\"."));
            }
            else if (!ServiceBusQueueName.IsValid(entry.QueueName))
            {
                problems.Add(new($"{path}.queueName", $"'{entry.QueueName}' is not a valid queue name: use {ServiceBusQueueName.Rule}."));
            }
            else if (queues.TryGetValue(entry.QueueName, out var first))
            {
                problems.Add(new($"{path}.queueName", $"Queue '{entry.QueueName}' is already used by departments[{first}]; each department has its own queue."));
            }
            else
            {
                queues.Add(entry.QueueName, i);
            }

            CheckDispatchableBy(entry.DispatchableBy, $"{path}.dispatchableBy", nodes, problems);
            CheckPerson(entry.Contact, $"{path}.contact", problems);

            if (entry.ResolveWithinWorkingDays is { } days
                && days is < Department.MinResolveWithinWorkingDays or > Department.MaxResolveWithinWorkingDays)
            {
                problems.Add(new($"{path}.resolveWithinWorkingDays", $"{days} is outside {Department.MinResolveWithinWorkingDays}..{Department.MaxResolveWithinWorkingDays} working days."));
            }
        }

        return departments;
    }

    private static void CheckDispatchableBy(IReadOnlyList<string?>? nodeIds, string path, Dictionary<string, CheckedNode> nodes, List<DirectoryProblem> problems)
    {
        if (nodeIds is null || nodeIds.Count == 0)
        {
            problems.Add(new(path, "Missing or empty: name the town-tier (or higher) nodes that may dispatch to this department."));
            return;
        }

        for (var k = 0; k < nodeIds.Count; k++)
        {
            var nodeId = nodeIds[k];
            var itemPath = $"{path}[{k}]";
            if (string.IsNullOrWhiteSpace(nodeId))
            {
                problems.Add(new(itemPath, "Is empty; expected a node id."));
            }
            else if (!nodes.TryGetValue(nodeId, out var node))
            {
                problems.Add(new(itemPath, $"No node has id '{nodeId}'."));
            }
            else if (node.Tier is { } tier && !tier.MayDispatchToDepartments())
            {
                problems.Add(new(itemPath, $"'{nodeId}' is a {tier.ToWireName()}; only town-tier nodes and above may dispatch to departments."));
            }
        }
    }

    /// <summary>
    /// A person id reused must describe the same person; an identity signs in as exactly one person or one department.
    /// </summary>
    private static void CheckPeople(Dictionary<string, CheckedNode> nodes, List<CheckedDepartment> departments, List<DirectoryProblem> problems)
    {
        // Who an identity belongs to: a person (when responsible for nodes) or a department (its system's app id).
        var identities = new Dictionary<string, (string Owner, string Path)>(StringComparer.Ordinal);
        var people = new Dictionary<string, (DirectoryPersonEntry Person, string Path)>(StringComparer.Ordinal);

        var holders = nodes.Values.OrderBy(n => n.Index)
            .Select(n => (Person: n.Responsible, Path: $"{n.Path}.responsible", Owner: (string?)null))
            .Concat(nodes.Values.OrderBy(n => n.Index).SelectMany(n => (n.Deputies ?? []).Select((d, i) => (Person: d?.Person, Path: $"{n.Path}.deputies[{i}].person", Owner: (string?)null))))
            .Concat(departments.Select(d => (Person: d.Contact, Path: $"{d.Path}.contact", Owner: (string?)$"department '{d.Id}'")));

        foreach (var (person, path, departmentOwner) in holders)
        {
            if (person is null || !ReadableId.IsValid(person.PersonId))
            {
                continue; // already reported by the field checks
            }

            if (people.TryGetValue(person.PersonId, out var earlier))
            {
                // The role is not compared: one person may hold two posts, as the article's community committee
                // member who also looks after a grid does.
                var differences = new[]
                {
                    (Field: "name", Same: earlier.Person.Name == person.Name),
                    (Field: "contact", Same: earlier.Person.Contact == person.Contact),
                    (Field: "identityId", Same: earlier.Person.IdentityId == person.IdentityId),
                }.Where(d => !d.Same).Select(d => d.Field).ToList();
                if (differences.Count > 0)
                {
                    problems.Add(new(path, $"Person '{person.PersonId}' is also at {earlier.Path} with a different {string.Join(", ", differences)}; a person id must always describe the same person."));
                }
            }
            else
            {
                people.Add(person.PersonId, (person, path));
            }

            if (string.IsNullOrWhiteSpace(person.IdentityId))
            {
                continue;
            }

            var owner = departmentOwner ?? $"person '{person.PersonId}'";
            if (identities.TryGetValue(person.IdentityId, out var claimed))
            {
                if (claimed.Owner != owner)
                {
                    problems.Add(new($"{path}.identityId", $"Identity '{person.IdentityId}' already signs in as {claimed.Owner} ({claimed.Path}); an identity belongs to one person or one department."));
                }
            }
            else
            {
                identities.Add(person.IdentityId, (owner, path));
            }
        }
    }

    /// <summary>Each deputy a whole person with a range that starts before it ends, lasts at most a year, and is not the node's own head.</summary>
    private static void CheckDeputies(DirectoryNodeEntry entry, string nodePath, List<DirectoryProblem> problems)
    {
        if (entry.Deputies is null)
        {
            return;
        }

        if (entry.Deputies.Count > Deputy.MaxPerNode)
        {
            problems.Add(new($"{nodePath}.deputies", $"Lists {entry.Deputies.Count} deputies; at most {Deputy.MaxPerNode}."));
            return;
        }

        for (var i = 0; i < entry.Deputies.Count; i++)
        {
            var path = $"{nodePath}.deputies[{i}]";
            if (entry.Deputies[i] is not { } deputy)
            {
                problems.Add(new(path, "Is null; expected an object with person, from and until."));
                continue;
            }

            CheckPerson(deputy.Person, $"{path}.person", problems);
            if (deputy.Person?.PersonId is { } personId && personId == entry.Responsible?.PersonId)
            {
                problems.Add(new($"{path}.person.personId", $"'{personId}' is the node's responsible person; a deputy covers for someone else."));
            }

            if (deputy.From is null)
            {
                problems.Add(new($"{path}.from", "Missing: when the cover starts, with its offset (e.g. 2026-12-01T00:00:00+08:00)."));
            }

            if (deputy.Until is null)
            {
                problems.Add(new($"{path}.until", "Missing: when the cover ends (exclusive), with its offset."));
            }

            if (deputy.From is { } from && deputy.Until is { } until)
            {
                if (until <= from)
                {
                    problems.Add(new($"{path}.until", $"{until:O} is not after from ({from:O}): the cover must last some time."));
                }
                else if (until - from > Deputy.MaxCover)
                {
                    problems.Add(new($"{path}.until", $"The cover lasts {(until - from).TotalDays:0} days; at most {Deputy.MaxCover.TotalDays:0}: longer leave calls for a new responsible person."));
                }
            }
        }
    }

    /// <summary>Only units have an area (an event is captured at a unit); it must be a usable one, inside the city.</summary>
    private static void CheckArea(DirectoryNodeEntry entry, Tier? tier, GeoBounds? cityBounds, string nodePath, List<DirectoryProblem> problems)
    {
        if (entry.Area is not { } area)
        {
            return;
        }

        if (tier is { } known && known != Tier.Unit)
        {
            problems.Add(new($"{nodePath}.area", $"Only units have an area; this node is a {known.ToWireName()}."));
            return;
        }

        UnitArea.Read(area, cityBounds, $"{nodePath}.area", problems);
    }

    private static void CheckPerson(DirectoryPersonEntry? person, string path, List<DirectoryProblem> problems)
    {
        if (person is null)
        {
            problems.Add(new(path, "Missing: every node and department names a responsible person (personId, name, role, contact, identityId)."));
            return;
        }

        CheckId(person.PersonId, $"{path}.personId", problems);
        Required(person.Name, $"{path}.name", problems);
        Required(person.Role, $"{path}.role", problems);
        Required(person.Contact, $"{path}.contact", problems);
        if (string.IsNullOrWhiteSpace(person.IdentityId))
        {
            problems.Add(new($"{path}.identityId", "Missing or empty: the Entra object id (a person) or app id (a department) they sign in with."));
        }
        else if (person.IdentityId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '/' or '\\' or '#' or '?'))
        {
            // Identities are storage keys (the Directory table's identity rows), which cannot hold these characters.
            problems.Add(new($"{path}.identityId", $"'{person.IdentityId}' contains whitespace, '/', '\\', '#', '?' or a control character."));
        }
    }

    private static void CheckNotificationTarget(string? target, string path, List<DirectoryProblem> problems)
    {
        var colon = target?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (string.IsNullOrWhiteSpace(target))
        {
            problems.Add(new(path, "Missing: where the responsible person's notifications go, e.g. \"app:<person id>\" or \"sms:+86...\"."));
        }
        else if (colon <= 0 || colon == target.Length - 1 || target.Any(char.IsWhiteSpace))
        {
            problems.Add(new(path, $"'{target}' is not \"<channel>:<address>\", e.g. \"app:p-bantou-g1-u1\" or \"sms:+8613800000000\"."));
        }
    }

    private static bool CheckId(string? id, string path, List<DirectoryProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(new(path, "Missing or empty."));
            return false;
        }

        if (!ReadableId.IsValid(id))
        {
            problems.Add(new(path, $"'{id}' is not a valid id: use {ReadableId.Rule}."));
            return false;
        }

        return true;
    }

    private static void Required(string? value, string path, List<DirectoryProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(path, "Missing or empty."));
        }
    }
}
