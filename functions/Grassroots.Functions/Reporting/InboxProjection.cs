using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Keeps the Inbox table in step with where an event waits. Called after every recorded step: it reads the event row,
/// works out the rows it calls for (<see cref="InboxEntries"/>), and moves the event's rows there. The pointer row is
/// widened to old ∪ new before any row is written and narrowed to new only after the stale rows are gone, so a crash at
/// any point leaves no row the next call cannot find and remove. Rows this call wrote stay on its list across its retries:
/// if another projection of the same event moved the pointer on meanwhile, they are removed with the other stale rows.
/// </summary>
public sealed class InboxProjection(GrassrootsTables tables)
{
    private const int MaxAttempts = 20;

    public Task SyncAsync(string eventId, CancellationToken cancellationToken = default) => SyncAsync(eventId, null, cancellationToken);

    /// <param name="current">The event row as the caller just read it, saving the first read; every retry reads it again.</param>
    public async Task SyncAsync(string eventId, EventRow? current, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var events = await tables.GetAsync(TableNames.Events);
        var inbox = await tables.GetAsync(TableNames.Inbox);
        var written = new List<string[]>();
        for (var attempt = 1; ; attempt++)
        {
            var row = attempt == 1 && current is not null ? current : await ReadAsync(events, eventId, cancellationToken);
            if (row is null)
            {
                return;
            }

            var wanted = InboxEntries.For(row);
            try
            {
                await MoveAsync(inbox, eventId, wanted, written, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another projection of the same event moved the pointer meanwhile: start again from the event row.
                await Task.Delay(Random.Shared.Next(5, 50), cancellationToken);
            }
        }
    }

    private static async Task MoveAsync(TableClient inbox, string eventId, IReadOnlyList<InboxRow> wanted, List<string[]> written, CancellationToken cancellationToken)
    {
        var pointerPartition = InboxPointerRow.PartitionFor(eventId);
        var existing = await inbox.GetEntityIfExistsAsync<InboxPointerRow>(pointerPartition, InboxPointerRow.RowKeyValue, cancellationToken: cancellationToken);
        var pointer = existing.HasValue && existing.Value is { } current ? current : null;
        var held = pointer is null ? [] : JsonSerializer.Deserialize<List<string[]>>(pointer.KeysJson) ?? [];
        held.AddRange(written.Where(w => !held.Any(h => Same(w, h))));
        if (pointer is null && held.Count == 0 && wanted.Count == 0)
        {
            return;
        }

        var wantedKeys = wanted.Select(r => new[] { r.PartitionKey, r.RowKey }).ToList();
        var stale = held.Where(h => !wantedKeys.Any(w => Same(w, h))).ToList();
        var added = wantedKeys.Where(w => !held.Any(h => Same(w, h))).ToList();
        if (stale.Count == 0 && added.Count == 0 && pointer is not null)
        {
            // Rewritten anyway: the row's content (overdue, title) may have changed under the same key. The pointer is
            // then written back under its ETag, so a projection that moved the event meanwhile sends this one round again.
            Remember(written, wantedKeys);
            await Task.WhenAll(wanted.Select(r => inbox.UpsertEntityAsync(r, TableUpdateMode.Replace, cancellationToken)));
            await SavePointerAsync(inbox, pointerPartition, pointer, held, cancellationToken);
            return;
        }

        // Widened first only when there is something to add: removing rows keeps the pointer a superset as it is, and the
        // narrowing save below is conditional on the ETag read, so a move meanwhile still sends this call round again.
        var widened = added.Count == 0 ? pointer : await SavePointerAsync(inbox, pointerPartition, pointer, held.Concat(added).ToList(), cancellationToken);
        Remember(written, wantedKeys);
        await Task.WhenAll(wanted.Select(r => inbox.UpsertEntityAsync(r, TableUpdateMode.Replace, cancellationToken)));
        await Task.WhenAll(stale.Select(async key =>
        {
            try
            {
                await inbox.DeleteEntityAsync(key[0], key[1], ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Never written, or removed by an earlier attempt.
            }
        }));
        if (pointer is null && stale.Count == 0)
        {
            // The event's first rows: the pointer just added names exactly them.
            return;
        }

        await SavePointerAsync(inbox, pointerPartition, widened, wantedKeys, cancellationToken);
    }

    private static async Task<EventRow?> ReadAsync(TableClient events, string eventId, CancellationToken cancellationToken)
    {
        var found = await events.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static bool Same(string[] a, string[] b) => a[0] == b[0] && a[1] == b[1];

    /// <summary>Rows this call may have written: if it has to start again, they count as held until it removes or keeps them.</summary>
    private static void Remember(List<string[]> written, IEnumerable<string[]> keys) => written.AddRange(keys.Where(k => !written.Any(w => Same(w, k))));

    /// <returns>The pointer as stored, with its new ETag.</returns>
    private static async Task<InboxPointerRow> SavePointerAsync(
        TableClient inbox, string partition, InboxPointerRow? current, List<string[]> keys, CancellationToken cancellationToken)
    {
        var row = new InboxPointerRow { PartitionKey = partition, KeysJson = JsonSerializer.Serialize(keys) };
        var response = current is null
            ? await inbox.AddEntityAsync(row, cancellationToken)
            : await inbox.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken);
        row.ETag = response.Headers.ETag ?? ETag.All;
        return row;
    }
}
