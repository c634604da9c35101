using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// The counter rows this process last read or wrote, each with its ETag, so an update can skip the read before its
/// transaction. Never trusted for a value: the counter is replaced under the cached ETag, so a row another process changed
/// meanwhile fails with 412 and is read again. Holds copies; bounded by dropping everything when full (a miss costs one read).
/// </summary>
public sealed class CounterRowCache
{
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<(string Table, string Partition, string Row), TableEntity> rows = new();

    public TableEntity? Find(string table, string partition, string row) =>
        rows.TryGetValue((table, partition, row), out var cached) ? Copy(cached) : null;

    public void Keep(string table, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (rows.Count >= Capacity)
        {
            rows.Clear();
        }

        rows[(table, row.PartitionKey, row.RowKey)] = Copy(row);
    }

    public void Forget(string table, string partition, string row) => rows.TryRemove((table, partition, row), out _);

    private static TableEntity Copy(TableEntity row) => new(row) { ETag = row.ETag };
}
