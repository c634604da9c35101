using Azure.Data.Tables;
using Azure;
using Grassroots.Functions.Reporting;

namespace Grassroots.Benchmarks;

/// <summary>
/// Applies many projection plans at once, as fast as the store takes them: the same plans the activities apply, with the
/// same marker semantics (an update whose marker was seen is skipped), but merged in memory and written as batch
/// transactions of up to 100 rows per partition. Markers themselves are written only with <c>withMarkers</c>: no read
/// path touches them (every query is bounded to the day, person or queue key ranges), and they triple the rows to load.
/// </summary>
public sealed class BulkProjectionLoader(Func<string, TableClient> table, bool withMarkers, int parallelism)
{
    private readonly HashSet<string> markersSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, string Partition, string Row), TableEntity> counters = new();
    private readonly HashSet<(string Table, string Partition, string Row)> dirty = new();
    private readonly List<(string Table, ITableEntity Entity)> pendingMarkers = new();
    private readonly Dictionary<(string Partition, string Row), WorkQueueRow?> pendingQueue = new();
    private readonly List<(string Table, ITableEntity Entity)> pendingRows = new();

    public long EntitiesWritten { get; private set; }

    public void Add(ProjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var update in plan.Counters)
        {
            var tableName = ProjectionStore.TableName(update.Table);
            if (!markersSeen.Add(tableName + "|" + update.Partition + "|" + update.MarkerKey))
            {
                continue;
            }

            var key = (tableName, update.Partition, update.CounterKey);
            if (!counters.TryGetValue(key, out var counter))
            {
                counters[key] = counter = new TableEntity(update.Partition, update.CounterKey);
            }

            ProjectionStore.Add(counter, update.Deltas, update.Labels);
            dirty.Add(key);
            if (withMarkers)
            {
                pendingMarkers.Add((tableName, new TableEntity(update.Partition, update.MarkerKey) { ["CounterKey"] = update.CounterKey }));
            }
        }

        foreach (var update in plan.Queue)
        {
            pendingQueue[(update.Partition, update.RowKey)] = update.Row;
        }
    }

    /// <summary>Rows written as they are, for read models kept by state rather than by counters (the inbox).</summary>
    public void AddRows(string tableName, IEnumerable<ITableEntity> rows) => pendingRows.AddRange(rows.Select(r => (tableName, r)));

    /// <summary>Every marker key names its event, so once an event's records are all added its markers can be forgotten.</summary>
    public void EndEvent() => markersSeen.Clear();

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var writes = new List<(string Table, ITableEntity Entity)>(pendingMarkers);
        writes.AddRange(pendingRows);
        writes.AddRange(dirty.Select(k => (k.Table, (ITableEntity)counters[k])));
        // The queue rows of one load are written once in their final state; a row put and removed within it never reaches the store.
        writes.AddRange(pendingQueue.Where(q => q.Value is not null).Select(q => (Grassroots.Functions.Storage.TableNames.WorkQueue, (ITableEntity)q.Value!)));
        var batches = writes
            .GroupBy(w => (w.Table, w.Entity.PartitionKey))
            .SelectMany(g => g.Chunk(100).Select(chunk => (g.Key.Table, Rows: chunk.Select(c => c.Entity).ToList())))
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var actions = batch.Rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r, ETag.All)).ToList();
            await table(batch.Table).SubmitTransactionAsync(actions, ct);
        });
        EntitiesWritten += writes.Count;
        pendingMarkers.Clear();
        pendingRows.Clear();
        pendingQueue.Clear();
        dirty.Clear();
    }
}
