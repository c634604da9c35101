using System.Text.Json;
using Azure.Data.Tables;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace Grassroots.Functions.DirectoryImport;

public sealed record DirectoryImportResult(int Nodes, int Departments, int People, int Identities);

/// <summary>
/// Imports a directory file. The whole file is validated first and refused whole on any problem; then every row is
/// upserted, so importing the same file twice changes nothing.
/// </summary>
public sealed class DirectoryImporter(GrassrootsTables tables, ILogger<DirectoryImporter> logger)
{
    private const int BatchSize = 100;

    /// <exception cref="DirectoryFormatException">The JSON is malformed.</exception>
    /// <exception cref="InvalidDirectoryException">The directory breaks a rule.</exception>
    public async Task<DirectoryImportResult> ImportAsync(string json, CancellationToken cancellationToken = default)
    {
        var directory = OrgDirectory.From(DirectoryDocument.Parse(json));
        var nodes = directory.Nodes.Select(ToRow).ToList();
        var departments = directory.Departments.Select(ToRow).ToList();
        var people = directory.Nodes
            .GroupBy(n => n.Responsible.PersonId)
            .Select(g => new PersonRow
            {
                RowKey = g.Key,
                Name = g.First().Responsible.Name,
                Role = g.First().Responsible.Role,
                IdentityId = g.First().Responsible.IdentityId,
                NodeIdsJson = JsonSerializer.Serialize(g.Select(n => n.Id).Order(StringComparer.Ordinal).ToList()),
            })
            .ToList();
        var identities = people
            .Select(p => new IdentityRow { RowKey = p.IdentityId, Kind = IdentityRow.PersonKind, SubjectId = p.RowKey })
            .Concat(directory.Departments.Select(d => new IdentityRow { RowKey = d.Contact.IdentityId, Kind = IdentityRow.DepartmentKind, SubjectId = d.Id }))
            .ToList();

        var table = await tables.GetAsync(TableNames.Directory);
        await UpsertAsync(table, nodes, cancellationToken);
        await UpsertAsync(table, departments, cancellationToken);
        await UpsertAsync(table, people, cancellationToken);
        await UpsertAsync(table, identities, cancellationToken);
        logger.LogInformation("Imported directory: {Nodes} nodes, {Departments} departments, {People} people", nodes.Count, departments.Count, people.Count);
        return new DirectoryImportResult(nodes.Count, departments.Count, people.Count, identities.Count);
    }

    /// <summary>Used by local runs: seeds the sample directory only into an empty store.</summary>
    public async Task<DirectoryImportResult?> ImportIfEmptyAsync(DirectoryStore store, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.IsEmptyAsync(cancellationToken) ? await ImportAsync(json, cancellationToken) : null;
    }

    private static async Task UpsertAsync<T>(TableClient table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        // One transaction per partition and per 100 rows: the store's limits for an entity group transaction.
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(BatchSize))
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)),
                    cancellationToken);
            }
        }
    }

    private static NodeRow ToRow(OrgNode node) => new()
    {
        RowKey = node.Id,
        Name = node.Name,
        Tier = node.Tier.ToWireName(),
        ParentId = node.ParentId,
        PersonId = node.Responsible.PersonId,
        PersonName = node.Responsible.Name,
        PersonRole = node.Responsible.Role,
        PersonContact = node.Responsible.Contact,
        PersonIdentityId = node.Responsible.IdentityId,
        NotificationTarget = node.NotificationTarget,
    };

    private static DepartmentRow ToRow(Department department) => new()
    {
        RowKey = department.Id,
        Name = department.Name,
        QueueName = department.QueueName,
        DispatchableByJson = JsonSerializer.Serialize(department.DispatchableBy),
        ContactPersonId = department.Contact.PersonId,
        ContactName = department.Contact.Name,
        ContactRole = department.Contact.Role,
        Contact = department.Contact.Contact,
        ContactIdentityId = department.Contact.IdentityId,
        ResolveWithinWorkingDays = department.ResolveWithinWorkingDays,
    };
}
