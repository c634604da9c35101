using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// Imports a directory file as a replacement of the stored one. The whole file is validated first and refused whole on
/// any problem; then the rows it lists are upserted and the rows it no longer lists are deleted, so a removed identity
/// has no rights from that moment and importing the same file twice changes nothing. Removing a node or department
/// that still has open work is refused unless the import says where the events (and a department's dispatches) move.
/// </summary>
public sealed class DirectoryImporter(
    GrassrootsTables tables, DirectoryStore store, OpenEventIndex openEvents, IOptions<IntakeOptions> intake, TimeProvider clock, ILogger<DirectoryImporter> logger)
{
    private const int BatchSize = 100;

    /// <summary>Characters per audit page: a table property holds 64 KB, 32K UTF-16 characters; the rest is margin.</summary>
    private const int PageLength = 30_000;

    /// <summary>Pages per transaction: a transaction carries at most 4 MB, and escaping can double a page's bytes.</summary>
    private const int PagesPerTransaction = 30;
    private static readonly string[] KeyProperties = [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(ITableEntity.Timestamp), nameof(ITableEntity.ETag)];

    /// <param name="signal">Tells an open event's escalation that the directory changed under it (best effort: it also reads the holder at review and deadline).</param>
    /// <exception cref="DirectoryFormatException">The JSON is malformed.</exception>
    /// <exception cref="InvalidDirectoryException">The directory, or a move, breaks a rule.</exception>
    public async Task<DirectoryImportOutcome> ImportAsync(
        string json, DirectoryMoves moves, bool dryRun, string importedBy, Func<string, string, Task>? signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var directory = OrgDirectory.From(DirectoryDocument.Parse(json), intake.Value.CityBounds?.ToBounds());
        var next = new Rows(
            [.. directory.Nodes.Select(ToRow)],
            [.. directory.Departments.Select(ToRow)],
            [.. directory.People().Select(p => ToRow(p, directory))],
            []);
        next = next with
        {
            Identities = [.. next.People.Select(p => new IdentityRow { RowKey = p.IdentityId, Kind = IdentityRow.PersonKind, SubjectId = p.RowKey })
                .Concat(directory.Departments.Select(d => new IdentityRow { RowKey = d.Contact.IdentityId, Kind = IdentityRow.DepartmentKind, SubjectId = d.Id }))],
        };
        var stored = new Rows(
            await store.ReadPartitionAsync<NodeRow>(DirectoryPartitions.Node, cancellationToken),
            await store.ReadPartitionAsync<DepartmentRow>(DirectoryPartitions.Department, cancellationToken),
            await store.ReadPartitionAsync<PersonRow>(DirectoryPartitions.Person, cancellationToken),
            await store.ReadPartitionAsync<IdentityRow>(DirectoryPartitions.Identity, cancellationToken));
        var changes = new DirectoryChanges(
            EntryChanges.Between(Fingerprints(stored.Nodes), Fingerprints(next.Nodes)),
            EntryChanges.Between(Fingerprints(stored.People), Fingerprints(next.People)),
            EntryChanges.Between(Fingerprints(stored.Identities), Fingerprints(next.Identities)),
            EntryChanges.Between(Fingerprints(stored.Departments), Fingerprints(next.Departments)));

        var storedTiers = stored.Nodes.ToDictionary(n => n.RowKey, n => DirectoryStore.ToNode(n).Tier, StringComparer.Ordinal);
        var storedDepartments = stored.Departments.Select(d => d.RowKey).ToHashSet(StringComparer.Ordinal);
        var newest = moves.IsEmpty ? null : await NewestAuditAsync(cancellationToken);
        var newestMoves = Deserialize<DirectoryMovesRecord>(newest?.MovesJson, new([], []));
        var alreadyApplied = newest is null ? DirectoryMoves.None : moves.AppliedBy(newestMoves.ToMoves(), directory, storedTiers, storedDepartments);
        var toApply = moves.Without(alreadyApplied);
        var moveProblems = toApply.Check(directory, storedTiers, storedDepartments);
        if (moveProblems.Count > 0)
        {
            throw new InvalidDirectoryException(moveProblems);
        }

        var work = await OpenWorkAsync(changes, directory, toApply, cancellationToken);
        if (work.Refused.Count > 0)
        {
            throw new InvalidDirectoryException(work.Refused);
        }

        if (work.Blocked.Count > 0)
        {
            return new DirectoryImportOutcome(null, work.Blocked);
        }

        var moved = work.Transfers.Select(t => new MovedEvent(t.EventId, t.Transfer.FromNodeId, t.Transfer.ToNodeId)).ToList();
        var movedDispatches = work.DispatchMoves.SelectMany(e => e.Moves.Select(m => new MovedDispatch(e.Row.PartitionKey, m.Round, m.FromDepartmentId, m.ToDepartmentId))).ToList();
        var applied = alreadyApplied.Nodes.Select(m => new AlreadyAppliedMove("node", m.Key, m.Value, newestMoves.CarriedOutBy("node", m.Key, newest!.ImportId)))
            .Concat(alreadyApplied.Departments.Select(m => new AlreadyAppliedMove("department", m.Key, m.Value, newestMoves.CarriedOutBy("department", m.Key, newest!.ImportId))))
            .ToList();
        if (dryRun)
        {
            return new DirectoryImportOutcome(new DirectoryImportResult(null, true, changes, moved, movedDispatches, applied), []);
        }

        var now = clock.GetUtcNow();
        var importId = "DI" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var audits = await tables.GetAsync(TableNames.DirectoryImports);
        var pages = new List<DirectoryImportPageRow>();
        var audit = new DirectoryImportRow
        {
            RowKey = NewestFirstKey.For(now, importId),
            ImportId = importId,
            ImportedBy = importedBy,
            ImportedAt = now,
            MovesJson = JsonSerializer.Serialize(DirectoryMovesRecord.From(moves, applied), JsonSerializerOptions.Web),
        };
        (audit.ChangesJson, audit.ChangesPages) = Paged(importId, nameof(DirectoryImportRow.ChangesJson), JsonSerializer.Serialize(changes, JsonSerializerOptions.Web), pages);
        (audit.MovedJson, audit.MovedPages) = Paged(importId, nameof(DirectoryImportRow.MovedJson), JsonSerializer.Serialize(moved, JsonSerializerOptions.Web), pages);
        (audit.MovedDispatchesJson, audit.MovedDispatchesPages) =
            Paged(importId, nameof(DirectoryImportRow.MovedDispatchesJson), JsonSerializer.Serialize(movedDispatches, JsonSerializerOptions.Web), pages);
        await SubmitAsync(audits, pages, TableTransactionActionType.UpsertReplace, cancellationToken, PagesPerTransaction);
        await audits.AddEntityAsync(audit, cancellationToken);

        // Before the directory changes: the escalation applies a move only once the node or department it leaves is gone,
        // so a crash before the directory write moves nothing (a re-run writes the move again), and one after it leaves
        // the move waiting on the event row for the escalation to find.
        var events = await tables.GetAsync(TableNames.Events);
        foreach (var (eventId, transfer) in work.Transfers)
        {
            var pending = new TableEntity(eventId, EventRow.RowKeyValue)
            {
                [nameof(EventRow.PendingTransferJson)] = JsonSerializer.Serialize(transfer with { ImportId = importId }),
            };
            await events.UpdateEntityAsync(pending, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        foreach (var (row, dispatchMoves) in work.DispatchMoves)
        {
            // Moves of earlier rounds are spent; one of this round for the same department is replaced by the newer import's.
            var kept = (JsonSerializer.Deserialize<List<PendingDispatchMove>>(row.PendingDispatchMovesJson is { Length: > 0 } written ? written : "[]") ?? [])
                .Where(m => m.Round == row.Round && !dispatchMoves.Any(n => n.FromDepartmentId == m.FromDepartmentId));
            var pending = new TableEntity(row.PartitionKey, EventRow.RowKeyValue)
            {
                [nameof(EventRow.PendingDispatchMovesJson)] = JsonSerializer.Serialize(kept.Concat(dispatchMoves.Select(m => m with { ImportId = importId })).ToList()),
            };
            await events.UpdateEntityAsync(pending, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        // The area index is written before the node rows and pruned after them: the diff is taken against the node rows,
        // so a retry after a crash anywhere here writes the cells again until the nodes say the import is done. A cell
        // left behind by an import never retried is passed over by the lookup, which checks each cell's area against
        // the unit's node row.
        var areaIndex = AreaIndexChanges.Between(Areas(stored.Nodes), Areas(next.Nodes));
        var cells = await tables.GetAsync(TableNames.UnitAreaCells);
        await SubmitAsync(cells, areaIndex.Writes, TableTransactionActionType.UpsertReplace, cancellationToken);

        var table = await tables.GetAsync(TableNames.Directory);
        await store.ChangedAsync(cancellationToken);
        // Only what the diff says is new or different: a row with the same fingerprint is the same row, and a city's
        // import that renames one unit then writes one row, not 140,000. A retry diffs against what the first try wrote.
        await SubmitAsync(table, [
            .. AddedOrChanged(next.Nodes, changes.Nodes), .. AddedOrChanged(next.Departments, changes.Departments),
            .. AddedOrChanged(next.People, changes.People), .. AddedOrChanged(next.Identities, changes.Identities)], TableTransactionActionType.UpsertReplace, cancellationToken);
        await SubmitAsync(table, [
            .. Removed(stored.Nodes, changes.Nodes), .. Removed(stored.Departments, changes.Departments),
            .. Removed(stored.People, changes.People), .. Removed(stored.Identities, changes.Identities)], TableTransactionActionType.Delete, cancellationToken);
        // Before the answer: from it on, no cache anywhere holds a row read before or during these writes.
        await store.ChangedAsync(cancellationToken);
        foreach (var stale in areaIndex.Deletes)
        {
            // One by one: the client treats a row already gone as deleted, where a batch would fail whole.
            await cells.DeleteEntityAsync(stale.PartitionKey, stale.RowKey, ETag.All, cancellationToken);
        }

        audit.Applied = true;
        await audits.UpdateEntityAsync(audit, ETag.All, TableUpdateMode.Merge, cancellationToken);
        logger.LogInformation("Imported directory {ImportId}: {Nodes} nodes, {Departments} departments, {People} people; {Moved} events and {MovedDispatches} dispatches moved; {CellsWritten} area cells written, {CellsDeleted} deleted",
            importId, next.Nodes.Count, next.Departments.Count, next.People.Count, moved.Count, movedDispatches.Count, areaIndex.Writes.Count, areaIndex.Deletes.Count);

        // A retry tells the events the earlier import moved once more: its signals may be what the lost answer cost. The
        // signal carries no decision, and a move the escalation applied is off the event row, so nothing moves twice.
        IEnumerable<string> retold = newest is null || applied.Count == 0
            ? []
            : Deserialize<List<MovedEvent>>(newest.MovedJson, []).Where(m => alreadyApplied.Nodes.ContainsKey(m.FromNodeId)).Select(m => m.EventId)
                .Concat(Deserialize<List<MovedDispatch>>(newest.MovedDispatchesJson, []).Where(m => alreadyApplied.Departments.ContainsKey(m.FromDepartmentId)).Select(m => m.EventId));
        foreach (var eventId in work.Touched.Concat(retold).Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (signal is not null)
                {
                    await signal(eventId, importId);
                }
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or IOException or Grpc.Core.RpcException)
            {
                logger.LogWarning(ex, "Directory import {ImportId}: event {EventId} not told of the change; it reads its holder again at its next review or deadline", importId, eventId);
            }
        }

        return new DirectoryImportOutcome(new DirectoryImportResult(importId, false, changes, moved, movedDispatches, applied), []);
    }

    /// <summary>Used by local runs: seeds the sample directory only into an empty store.</summary>
    public async Task<DirectoryImportResult?> ImportIfEmptyAsync(DirectoryStore directoryStore, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directoryStore);
        return await directoryStore.IsEmptyAsync(cancellationToken)
            ? (await ImportAsync(json, DirectoryMoves.None, false, "local-host-seed", null, cancellationToken)).Result
            : null;
    }

    /// <summary>The audit, newest first: one page of the DirectoryImports partition.</summary>
    public async Task<IReadOnlyList<DirectoryImportRow>> AuditAsync(int top, CancellationToken cancellationToken)
    {
        var audits = await tables.GetAsync(TableNames.DirectoryImports);
        var rows = new List<DirectoryImportRow>();
        await foreach (var page in audits.QueryAsync<DirectoryImportRow>(r => r.PartitionKey == DirectoryImportRow.Partition, maxPerPage: top, cancellationToken: cancellationToken).AsPages())
        {
            rows.AddRange(page.Values.Take(top));
            break;
        }

        foreach (var row in rows)
        {
            await UnpageAsync(audits, row, cancellationToken);
        }

        return rows;
    }

    /// <summary>The newest import on record (applied or not: it is added before the directory changes), or null.</summary>
    private async Task<DirectoryImportRow?> NewestAuditAsync(CancellationToken cancellationToken)
    {
        var audits = await tables.GetAsync(TableNames.DirectoryImports);
        await foreach (var page in audits.QueryAsync<DirectoryImportRow>(r => r.PartitionKey == DirectoryImportRow.Partition, maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count == 0)
            {
                return null;
            }

            await UnpageAsync(audits, page.Values[0], cancellationToken);
            return page.Values[0];
        }

        return null;
    }

    /// <summary>The text itself when it fits its column, otherwise empty and the pages it is cut into, added to <paramref name="pages"/>.</summary>
    private static (string Inline, int Pages) Paged(string importId, string column, string text, List<DirectoryImportPageRow> pages)
    {
        if (text.Length <= PageLength)
        {
            return (text, 0);
        }

        var count = (text.Length + PageLength - 1) / PageLength;
        for (var i = 0; i < count; i++)
        {
            pages.Add(new DirectoryImportPageRow
            {
                PartitionKey = DirectoryImportPageRow.PartitionFor(importId),
                RowKey = DirectoryImportPageRow.RowKeyFor(column, i),
                Text = text.Substring(i * PageLength, Math.Min(PageLength, text.Length - (i * PageLength))),
            });
        }

        return ("", count);
    }

    /// <summary>Puts the paged columns of an audit row back together: one query of the import's own pages partition.</summary>
    private static async Task UnpageAsync(TableClient audits, DirectoryImportRow row, CancellationToken cancellationToken)
    {
        if (row.ChangesPages == 0 && row.MovedPages == 0 && row.MovedDispatchesPages == 0)
        {
            return;
        }

        var texts = new Dictionary<string, System.Text.StringBuilder>(StringComparer.Ordinal);
        var partition = DirectoryImportPageRow.PartitionFor(row.ImportId);
        // Row keys sort by column, then page number: each column's pages come in order.
        await foreach (var page in audits.QueryAsync<DirectoryImportPageRow>(p => p.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var column = page.RowKey[..page.RowKey.IndexOf('~', StringComparison.Ordinal)];
            (texts.TryGetValue(column, out var text) ? text : texts[column] = new()).Append(page.Text);
        }

        string Column(string name, int count, string inline) =>
            count == 0 ? inline
            : texts.TryGetValue(name, out var text) ? text.ToString()
            : throw new InvalidOperationException($"Directory import {row.ImportId}: the {count} pages of {name} are missing");
        row.ChangesJson = Column(nameof(DirectoryImportRow.ChangesJson), row.ChangesPages, row.ChangesJson);
        row.MovedJson = Column(nameof(DirectoryImportRow.MovedJson), row.MovedPages, row.MovedJson);
        row.MovedDispatchesJson = Column(nameof(DirectoryImportRow.MovedDispatchesJson), row.MovedDispatchesPages, row.MovedDispatchesJson);
    }

    private static IEnumerable<T> AddedOrChanged<T>(IReadOnlyList<T> rows, EntryChanges changes)
        where T : ITableEntity
    {
        var written = changes.Added.Concat(changes.Changed).ToHashSet(StringComparer.Ordinal);
        return rows.Where(r => written.Contains(r.RowKey));
    }

    private static T Deserialize<T>(string? json, T empty) =>
        json is { Length: > 0 } ? JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web) ?? empty : empty;

    private sealed record Rows(IReadOnlyList<NodeRow> Nodes, IReadOnlyList<DepartmentRow> Departments, IReadOnlyList<PersonRow> People, IReadOnlyList<IdentityRow> Identities);

    private sealed record OpenWorkScan(
        IReadOnlyList<DirectoryProblem> Refused, IReadOnlyList<OpenWork> Blocked, IReadOnlyList<(string EventId, PendingTransfer Transfer)> Transfers,
        IReadOnlyList<(EventRow Row, IReadOnlyList<PendingDispatchMove> Moves)> DispatchMoves, IReadOnlyList<string> Touched);

    /// <summary>
    /// Reads the open events (the supervision index, then each event row) when the import changes or removes nodes or
    /// removes departments: one point read per open event, which an admin's rare import can afford. An event is bound to
    /// a removed node when the node holds it or lies above it on its chain (it would climb into it).
    /// </summary>
    private async Task<OpenWorkScan> OpenWorkAsync(DirectoryChanges changes, OrgDirectory next, DirectoryMoves moves, CancellationToken cancellationToken)
    {
        var removedNodes = changes.Nodes.Removed.ToHashSet(StringComparer.Ordinal);
        var changedNodes = changes.Nodes.Changed.ToHashSet(StringComparer.Ordinal);
        var removedDepartments = changes.Departments.Removed.ToHashSet(StringComparer.Ordinal);
        if (removedNodes.Count == 0 && changedNodes.Count == 0 && removedDepartments.Count == 0)
        {
            return new([], [], [], [], []);
        }

        var boundToNode = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var boundToDepartment = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var transfers = new List<(string, PendingTransfer)>();
        var dispatchMoves = new List<(EventRow, IReadOnlyList<PendingDispatchMove>)>();
        var touched = new List<string>();
        var refused = new List<DirectoryProblem>();
        var events = await tables.GetAsync(TableNames.Events);
        await foreach (var open in openEvents.OpenAsync(cancellationToken))
        {
            var found = await events.GetEntityIfExistsAsync<EventRow>(open.RowKey, EventRow.RowKeyValue, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { Status: EventStatus.Open } row)
            {
                continue;
            }

            var chain = JsonSerializer.Deserialize<List<string>>(row.ChainJson) ?? [];
            var level = Math.Max(0, chain.IndexOf(row.CurrentNodeId));
            if (chain.Skip(level).Any(id => removedNodes.Contains(id) || changedNodes.Contains(id)))
            {
                touched.Add(row.PartitionKey);
            }

            var removedIndex = chain.FindIndex(level, id => removedNodes.Contains(id));
            if (removedIndex >= 0)
            {
                var removed = chain[removedIndex];
                AddTo(boundToNode, removed, row.PartitionKey);
                if (moves.Nodes.TryGetValue(removed, out var target))
                {
                    // The nodes below the removed one stay as they were (the event's history); from the target up it
                    // follows the new directory.
                    var newChain = chain.Take(removedIndex).Concat(next.ChainToCity(target).Select(n => n.Id)).ToList();
                    transfers.Add((row.PartitionKey, new PendingTransfer("", removed, target, newChain)));
                }
            }

            if (row.Stage == EventStage.Dispatched)
            {
                var eventMoves = new List<PendingDispatchMove>();
                foreach (var dispatch in (JsonSerializer.Deserialize<List<DispatchRecord>>(row.DispatchesJson) ?? [])
                    .Where(d => !DispatchStates.IsSettled(d.State) && removedDepartments.Contains(d.DepartmentId)))
                {
                    AddTo(boundToDepartment, dispatch.DepartmentId, row.PartitionKey);
                    if (moves.Departments.TryGetValue(dispatch.DepartmentId, out var target))
                    {
                        if (moves.CheckMovedDispatch(next, row.PartitionKey, dispatch.DepartmentId, dispatch.DispatchedByNodeId) is { } problem)
                        {
                            refused.Add(problem);
                            continue;
                        }

                        eventMoves.Add(new PendingDispatchMove("", dispatch.Round, dispatch.DepartmentId, target));
                    }
                }

                if (eventMoves.Count > 0)
                {
                    dispatchMoves.Add((row, eventMoves));
                    touched.Add(row.PartitionKey);
                }
            }
        }

        var blocked = boundToNode.Where(b => !moves.Nodes.ContainsKey(b.Key)).Select(b => new OpenWork("node", b.Key, b.Value))
            .Concat(boundToDepartment.Where(b => !moves.Departments.ContainsKey(b.Key)).Select(b => new OpenWork("department", b.Key, b.Value)))
            .ToList();
        return new(refused, blocked, transfers, dispatchMoves, [.. touched.Distinct(StringComparer.Ordinal)]);
    }

    private static void AddTo(SortedDictionary<string, List<string>> map, string key, string eventId)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(eventId);
    }

    private static Dictionary<string, string> Areas(IReadOnlyList<NodeRow> nodes) =>
        nodes.Where(n => n.AreaJson is not null).ToDictionary(n => n.RowKey, n => n.AreaJson!, StringComparer.Ordinal);

    private static IEnumerable<ITableEntity> Removed<T>(IReadOnlyList<T> stored, EntryChanges changes)
        where T : ITableEntity
    {
        var removed = changes.Removed.ToHashSet(StringComparer.Ordinal);
        return stored.Where(r => removed.Contains(r.RowKey)).Cast<ITableEntity>();
    }

    /// <summary>Each row's key and everything stored in it but its keys: two rows with the same fingerprint store the same.</summary>
    private static Dictionary<string, string> Fingerprints<T>(IReadOnlyList<T> rows)
        where T : ITableEntity
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !KeyProperties.Contains(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return rows.ToDictionary(
            r => r.RowKey,
            r => string.Join('\u001f', properties.Select(p => Convert.ToString(p.GetValue(r), CultureInfo.InvariantCulture))),
            StringComparer.Ordinal);
    }

    private static async Task SubmitAsync(
        TableClient table, IReadOnlyList<ITableEntity> rows, TableTransactionActionType action, CancellationToken cancellationToken, int batchSize = BatchSize)
    {
        // One transaction per partition and per 100 rows: the store's limits for an entity group transaction.
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(batchSize))
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(r => action == TableTransactionActionType.Delete
                        ? new TableTransactionAction(action, r, ETag.All)
                        : new TableTransactionAction(action, r)),
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
        DeputiesJson = JsonSerializer.Serialize(node.Deputies),
        AreaJson = node.Area?.ToJson(),
    };

    private static PersonRow ToRow(ResponsiblePerson person, OrgDirectory directory) => new()
    {
        RowKey = person.PersonId,
        Name = person.Name,
        Role = person.Role,
        IdentityId = person.IdentityId,
        NodeIdsJson = JsonSerializer.Serialize(directory.NodesResponsibleFor(person.PersonId).Select(n => n.Id).Order(StringComparer.Ordinal).ToList()),
        DeputyForJson = JsonSerializer.Serialize(directory.Nodes
            .SelectMany(n => n.Deputies.Where(d => d.Person.PersonId == person.PersonId).Select(d => new DeputyCover(n.Id, d.From, d.Until)))
            .ToList()),
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
