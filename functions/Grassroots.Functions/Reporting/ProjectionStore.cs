using Azure.Data.Tables;
using Azure;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Applies a projection plan from an activity. All of a step's counter updates in one partition go in one transaction:
/// insert each update's marker, and replace each counter row it touches once, under its ETag. A marker already there
/// (409 on its action) means an earlier attempt applied that update: it is dropped and the rest tried again. An ETag
/// clash means another event updated a counter meanwhile: it is read again and the transaction tried again. Counter rows
/// come from <see cref="CounterRowCache"/> when this process holds them and are added unread when it does not (a row that
/// exists after all fails its Add with 409 and is read), so the usual update costs its transaction only.
/// </summary>
public sealed class ProjectionStore(GrassrootsTables tables, CounterRowCache cache)
{
    private const int MaxAttempts = 50;

    /// <summary>A transaction holds at most 100 actions; a partition's updates beyond this many go in the next one.</summary>
    private const int UpdatesPerTransaction = 40;

    public static string TableName(ProjectionTable table) => table switch
    {
        ProjectionTable.NodeFigures => TableNames.NodeFigures,
        ProjectionTable.PeopleMonthly => TableNames.PeopleMonthly,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    public async Task ApplyAsync(ProjectionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Partitions are independent; within one, a step's updates go in one transaction.
        await Task.WhenAll(plan.Counters
            .GroupBy(c => (c.Table, c.Partition))
            .Select(async group =>
            {
                var table = await tables.GetAsync(TableName(group.Key.Table));
                foreach (var chunk in group.Chunk(UpdatesPerTransaction))
                {
                    await ApplyOnceAsync(table, chunk, cancellationToken);
                }
            }));

        // Queue rows only after the counters: a row listed as overdue implies the event's overdue marker is in, which
        // lets a close skip removing the overdue rows of an event never counted overdue.
        await Task.WhenAll(plan.Queue
            .GroupBy(q => q.Partition)
            .Select(async group =>
            {
                var table = await tables.GetAsync(TableNames.WorkQueue);
                foreach (var update in group)
                {
                    await ApplyAsync(table, update, cancellationToken);
                }
            }));
    }

    /// <summary>Applies updates of one partition, each at most once ever (its marker), in one transaction.</summary>
    /// <returns>The marker keys of the updates this call applied; those an earlier attempt had applied are left out.</returns>
    public async Task<IReadOnlyList<string>> ApplyOnceAsync(TableClient table, IReadOnlyList<CounterUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(updates);
        // One marker, one update: applied one after the other, the second of two with one marker would find it and do nothing.
        var pending = updates.DistinctBy(u => u.MarkerKey).ToList();
        if (pending.Select(u => u.Partition).Distinct().Count() > 1)
        {
            throw new ArgumentException("The updates of one transaction share one partition.", nameof(updates));
        }

        var fresh = new HashSet<string>();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var counters = new List<TableEntity>();
            foreach (var key in pending.Select(u => u.CounterKey).Distinct())
            {
                var counter = await CounterAsync(table, pending[0].Partition, key, readAgain: fresh.Contains(key), cancellationToken);
                foreach (var update in pending.Where(u => u.CounterKey == key))
                {
                    Add(counter, update.Deltas, update.Labels);
                }

                counters.Add(counter);
            }

            var actions = pending
                .Select(u => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(u.Partition, u.MarkerKey) { ["CounterKey"] = u.CounterKey }))
                .Concat(counters.Select(c => c.ETag == default
                    ? new TableTransactionAction(TableTransactionActionType.Add, c)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, c, c.ETag)))
                .ToList();
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                for (var i = 0; i < counters.Count; i++)
                {
                    counters[i].ETag = response.Value[pending.Count + i].Headers.ETag ?? default;
                    Remember(table, counters[i]);
                }

                return pending.Select(u => u.MarkerKey).ToList();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex is { } index && index < pending.Count)
            {
                // That marker is there: an earlier attempt applied its update. The others go again, the counters as they were.
                pending.RemoveAt(index);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404 && attempt < MaxAttempts)
            {
                // A counter changed (or appeared) since it was read or cached: read it again. Which one the service names.
                var failed = ex.FailedTransactionActionIndex is { } index && index >= pending.Count ? counters[index - pending.Count].RowKey : null;
                foreach (var counter in counters.Where(c => failed is null || c.RowKey == failed))
                {
                    cache.Forget(table.Name, counter.PartitionKey, counter.RowKey);
                    fresh.Add(counter.RowKey);
                }

                await Task.Delay(Random.Shared.Next(5, 20 * Math.Min(attempt, 10)), cancellationToken);
            }
        }

        return [];
    }

    /// <returns>
    /// The counter row as cached; a new one (no ETag, so it is added) when this process has not seen it, without a read;
    /// or, asked to read again, the row as stored (a new one when there is none).
    /// </returns>
    /// <remarks>
    /// A row this process has not seen is usually new (a person's first event of the month, a node's first of the day),
    /// so it is added unread: if it exists after all, the transaction fails on its Add with 409 and the row is read and
    /// the transaction tried again, one request more than reading first; a row that was new costs no read at all.
    /// </remarks>
    private async Task<TableEntity> CounterAsync(TableClient table, string partition, string key, bool readAgain, CancellationToken cancellationToken)
    {
        if (!readAgain)
        {
            return cache.Find(table.Name, partition, key) ?? new TableEntity(partition, key);
        }

        var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
        return stored.HasValue && stored.Value is { } row ? row : new TableEntity(partition, key);
    }

    private void Remember(TableClient table, TableEntity counter)
    {
        if (counter.ETag == default)
        {
            // The answer named no ETag: the row is read next time.
            cache.Forget(table.Name, counter.PartitionKey, counter.RowKey);
            return;
        }

        cache.Keep(table.Name, counter);
    }

    /// <summary>Adds deltas to a counter row held in memory and copies the labels onto it.</summary>
    public static void Add(TableEntity counter, IReadOnlyDictionary<string, long> deltas, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(deltas);
        foreach (var (name, delta) in deltas)
        {
            counter[name] = (counter.GetInt64(name) ?? 0) + delta;
        }

        foreach (var (name, value) in labels ?? new Dictionary<string, string>())
        {
            counter[name] = value;
        }
    }

    private static async Task ApplyAsync(TableClient table, QueueUpdate update, CancellationToken cancellationToken)
    {
        if (update.Row is { } row)
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        try
        {
            await table.DeleteEntityAsync(update.Partition, update.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never listed there, or removed by an earlier attempt.
        }
    }
}
