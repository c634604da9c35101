using System.Text.Json;
using Azure.Data.Tables;
using Azure;
using Grassroots.Domain;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Directory;

/// <summary>Reads the org directory from Table Storage: every read a point read.</summary>
public sealed class DirectoryStore(GrassrootsTables tables)
{
    private const int MaxChainLength = 6;

    public async Task<OrgNode?> FindNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync<NodeRow>(DirectoryPartitions.Node, nodeId, cancellationToken);
        return row is null ? null : ToNode(row);
    }

    public async Task<NodeRow?> FindNodeRowAsync(string nodeId, CancellationToken cancellationToken = default) =>
        await FindAsync<NodeRow>(DirectoryPartitions.Node, nodeId, cancellationToken);

    /// <summary>The node and every node above it, up to the city; null when the node is unknown.</summary>
    public async Task<IReadOnlyList<OrgNode>?> ChainToCityAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var chain = new List<OrgNode>();
        string? next = nodeId;
        while (next is not null)
        {
            if (chain.Count == MaxChainLength)
            {
                throw new InvalidDataException($"The chain above {nodeId} is longer than six tiers: the stored directory is corrupt.");
            }

            var node = await FindNodeAsync(next, cancellationToken);
            if (node is null)
            {
                return chain.Count == 0 ? null : throw new InvalidDataException($"Node {next} above {nodeId} is missing from the directory.");
            }

            chain.Add(node);
            next = node.ParentId;
        }

        return chain;
    }

    public async Task<Department?> FindDepartmentAsync(string departmentId, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync<DepartmentRow>(DirectoryPartitions.Department, departmentId, cancellationToken);
        return row is null ? null : ToDepartment(row);
    }

    public async Task<PersonRow?> FindPersonAsync(string personId, CancellationToken cancellationToken = default) =>
        await FindAsync<PersonRow>(DirectoryPartitions.Person, personId, cancellationToken);

    public async Task<IdentityRow?> FindIdentityAsync(string identityId, CancellationToken cancellationToken = default) =>
        await FindAsync<IdentityRow>(DirectoryPartitions.Identity, identityId, cancellationToken);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableNames.Directory);
        await foreach (var _ in table.QueryAsync<NodeRow>(r => r.PartitionKey == DirectoryPartitions.Node, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return false;
        }

        return true;
    }

    private async Task<T?> FindAsync<T>(string partition, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        if (!TableKeys.IsValid(rowKey))
        {
            return null;
        }

        var table = await tables.GetAsync(TableNames.Directory);
        var response = await table.GetEntityIfExistsAsync<T>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
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
}
