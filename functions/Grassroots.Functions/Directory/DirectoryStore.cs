using System.Text.Json;
using Azure.Data.Tables;
using Azure;
using Grassroots.Domain;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Directory;

/// <summary>
/// Reads the org directory from Table Storage through a cache kept for one directory version. Every read first reads the
/// version row (one point read), which an import changes before it writes the directory and again after; a cache kept
/// for another version is dropped. So nothing read after an import answered comes from before it, in this process or
/// any other (a removed identity has no rights from the next request on), while a chain of six nodes costs one read.
/// </summary>
public sealed class DirectoryStore(GrassrootsTables tables)
{
    private const int MaxChainLength = 6;
    private const string VersionRowKey = "current";
    private const int MaxMisses = 10_000;
    private Generation cache = new("");

    public async Task<OrgNode?> FindNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync<NodeRow>(await CurrentAsync(cancellationToken), DirectoryPartitions.Node, nodeId, cancellationToken);
        return row is null ? null : ToNode(row);
    }

    public async Task<NodeRow?> FindNodeRowAsync(string nodeId, CancellationToken cancellationToken = default) =>
        await FindAsync<NodeRow>(await CurrentAsync(cancellationToken), DirectoryPartitions.Node, nodeId, cancellationToken);

    /// <summary>Several nodes at one version (one version read for them all), by id; the unknown ones left out.</summary>
    public async Task<IReadOnlyDictionary<string, OrgNode>> FindNodesAsync(IEnumerable<string> nodeIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var generation = await CurrentAsync(cancellationToken);
        var nodes = new Dictionary<string, OrgNode>(StringComparer.Ordinal);
        foreach (var nodeId in nodeIds.Distinct(StringComparer.Ordinal))
        {
            if (await FindAsync<NodeRow>(generation, DirectoryPartitions.Node, nodeId, cancellationToken) is { } row)
            {
                nodes[nodeId] = ToNode(row);
            }
        }

        return nodes;
    }

    /// <summary>The node and every node above it, up to the city, at one version; null when the node is unknown.</summary>
    public async Task<IReadOnlyList<OrgNode>?> ChainToCityAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var generation = await CurrentAsync(cancellationToken);
        var chain = new List<OrgNode>();
        string? next = nodeId;
        while (next is not null)
        {
            if (chain.Count == MaxChainLength)
            {
                throw new InvalidDataException($"The chain above {nodeId} is longer than six tiers: the stored directory is corrupt.");
            }

            var row = await FindAsync<NodeRow>(generation, DirectoryPartitions.Node, next, cancellationToken);
            if (row is null)
            {
                return chain.Count == 0 ? null : throw new InvalidDataException($"Node {next} above {nodeId} is missing from the directory.");
            }

            var node = ToNode(row);
            chain.Add(node);
            next = node.ParentId;
        }

        return chain;
    }

    /// <summary>
    /// Marks the directory changed: every cache of it, in every process, is dropped at its next read. The import calls
    /// it before it writes (what is read while it writes is not kept past it) and after (what was read meanwhile goes).
    /// </summary>
    public async Task ChangedAsync(CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableNames.Directory);
        await table.UpsertEntityAsync(
            new TableEntity(DirectoryPartitions.Version, VersionRowKey) { ["ChangedAt"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Department?> FindDepartmentAsync(string departmentId, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync<DepartmentRow>(await CurrentAsync(cancellationToken), DirectoryPartitions.Department, departmentId, cancellationToken);
        return row is null ? null : ToDepartment(row);
    }

    public async Task<PersonRow?> FindPersonAsync(string personId, CancellationToken cancellationToken = default) =>
        await FindAsync<PersonRow>(await CurrentAsync(cancellationToken), DirectoryPartitions.Person, personId, cancellationToken);

    public async Task<IdentityRow?> FindIdentityAsync(string identityId, CancellationToken cancellationToken = default) =>
        await FindAsync<IdentityRow>(await CurrentAsync(cancellationToken), DirectoryPartitions.Identity, identityId, cancellationToken);

    /// <summary>An identity and, when it is a person's, that person, both at one version (one version read).</summary>
    public async Task<(IdentityRow? Identity, PersonRow? Person)> FindSignedInAsync(string identityId, CancellationToken cancellationToken = default)
    {
        var generation = await CurrentAsync(cancellationToken);
        var identity = await FindAsync<IdentityRow>(generation, DirectoryPartitions.Identity, identityId, cancellationToken);
        return identity?.Kind == IdentityRow.PersonKind
            ? (identity, await FindAsync<PersonRow>(generation, DirectoryPartitions.Person, identity.SubjectId, cancellationToken))
            : (identity, null);
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableNames.Directory);
        await foreach (var _ in table.QueryAsync<NodeRow>(r => r.PartitionKey == DirectoryPartitions.Node, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    /// <summary>The cache for the version stored now: the one kept, or a new empty one when the version moved on.</summary>
    private async Task<Generation> CurrentAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Directory);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(DirectoryPartitions.Version, VersionRowKey, cancellationToken: cancellationToken);
        var version = row.HasValue ? row.Value!.ETag.ToString() : "";
        var kept = Volatile.Read(ref cache);
        if (kept.Version == version)
        {
            return kept;
        }

        // Whoever loses this race still reads through a cache of the version it saw, only not a shared one.
        var fresh = new Generation(version);
        Interlocked.CompareExchange(ref cache, fresh, kept);
        return fresh;
    }

    /// <remarks>A miss is kept too (an admin outside the directory signs in on every request), but only so many: ids
    /// nobody has, sent at will, must not grow the cache without bound.</remarks>
    private async Task<T?> FindAsync<T>(Generation generation, string partition, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        if (!TableKeys.IsValid(rowKey))
        {
            return null;
        }

        if (generation.Rows.TryGetValue((partition, rowKey), out var kept) && kept is T hit)
        {
            return hit;
        }

        if (generation.Misses.ContainsKey((partition, rowKey)))
        {
            return null;
        }

        var table = await tables.GetAsync(TableNames.Directory);
        var response = await table.GetEntityIfExistsAsync<T>(partition, rowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            if (generation.Misses.Count < MaxMisses)
            {
                generation.Misses.TryAdd((partition, rowKey), true);
            }

            return null;
        }

        generation.Rows[(partition, rowKey)] = response.Value!;
        return response.Value;
    }

    internal static OrgNode ToNode(NodeRow row)
    {
        if (!TierExtensions.TryParseWireName(row.Tier, out var tier))
        {
            throw new InvalidDataException($"Node {row.RowKey} has an unknown tier '{row.Tier}'.");
        }

        // The area stays in the row (AreaJson): only the import and the unit lookup read it, so no other read parses it.
        return new OrgNode(
            row.RowKey,
            row.Name,
            tier,
            row.ParentId,
            new ResponsiblePerson(row.PersonId, row.PersonName, row.PersonRole, row.PersonContact, row.PersonIdentityId),
            row.NotificationTarget,
            JsonSerializer.Deserialize<Deputy[]>(row.DeputiesJson) is { Length: > 0 } deputies ? deputies : Array.Empty<Deputy>());
    }

    /// <summary>
    /// Every row of one partition of the directory: for the import, which replaces the whole directory and so must
    /// know what is there (bounded by the directory's size, not by events).
    /// </summary>
    public async Task<IReadOnlyList<T>> ReadPartitionAsync<T>(string partition, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var table = await tables.GetAsync(TableNames.Directory);
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The nodes a person answers for at that moment: where they are responsible, and where they cover as a deputy on duty.</summary>
    public static IReadOnlyList<string> NodesAnsweredFor(PersonRow? person, DateTimeOffset at)
    {
        if (person is null)
        {
            return [];
        }

        var responsible = JsonSerializer.Deserialize<List<string>>(person.NodeIdsJson) ?? [];
        var covering = (JsonSerializer.Deserialize<List<DeputyCover>>(person.DeputyForJson) ?? []).Where(c => c.Covers(at)).Select(c => c.NodeId);
        return [.. responsible.Concat(covering).Distinct(StringComparer.Ordinal)];
    }

    internal static Department ToDepartment(DepartmentRow row) => new(
        row.RowKey,
        row.Name,
        row.QueueName,
        JsonSerializer.Deserialize<List<string>>(row.DispatchableByJson) ?? [],
        new ResponsiblePerson(row.ContactPersonId, row.ContactName, row.ContactRole, row.Contact, row.ContactIdentityId),
        row.ResolveWithinWorkingDays);

    /// <summary>The rows read at one directory version (bounded by the directory's size).</summary>
    private sealed class Generation(string version)
    {
        public string Version { get; } = version;

        public System.Collections.Concurrent.ConcurrentDictionary<(string Partition, string RowKey), ITableEntity> Rows { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<(string Partition, string RowKey), bool> Misses { get; } = new();
    }
}
