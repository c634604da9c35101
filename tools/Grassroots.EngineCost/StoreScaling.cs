using System.Diagnostics;
using Azure.Data.Tables;

namespace Grassroots.EngineCost;

/// <summary>Milliseconds per request of one kind, at one table size.</summary>
public sealed record StoreStep(int Rows, double InsertSameRowKey, double InsertDistinctRowKey, double ReadSameRowKey, double ReadDistinctRowKey, double QueryByPartition);

/// <summary>
/// How the local store's time per request grows with the size of the table it touches: point inserts and reads with one
/// RowKey shared by every row (as the app's key, token and event rows and the engine's instance rows have) against a
/// distinct RowKey per row, and a query for one partition (as every history and timeline read is). Requests are sent
/// one at a time, so each figure is the store's own time plus one loopback round trip.
/// </summary>
public static class StoreScaling
{
    private const int Samples = 100;

    public static async Task<IReadOnlyList<StoreStep>> MeasureAsync(string connectionString, IReadOnlyList<int> sizes, string runId, Action<string> say, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var service = new TableServiceClient(connectionString);
        var same = service.GetTableClient("ScaleSame" + runId);
        var distinct = service.GetTableClient("ScaleDistinct" + runId);
        await same.CreateIfNotExistsAsync(cancellationToken);
        await distinct.CreateIfNotExistsAsync(cancellationToken);
        var keys = new List<string>();
        var steps = new List<StoreStep>();
        foreach (var size in sizes)
        {
            // Filled eight at a time; the timed requests below go one at a time.
            while (keys.Count < size)
            {
                var batch = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid().ToString("N")).ToList();
                await Task.WhenAll(batch.Select(async key =>
                {
                    await same.AddEntityAsync(new TableEntity(key, "") { ["Payload"] = "x" }, cancellationToken);
                    await distinct.AddEntityAsync(new TableEntity(key, key) { ["Payload"] = "x" }, cancellationToken);
                }));
                keys.AddRange(batch);
            }

            var random = new Random(size);
            string Any() => keys[random.Next(keys.Count)];
            var step = new StoreStep(
                keys.Count,
                await TimeAsync(() => same.AddEntityAsync(new TableEntity(Guid.NewGuid().ToString("N"), ""), cancellationToken)),
                await TimeAsync(() => { var key = Guid.NewGuid().ToString("N"); return distinct.AddEntityAsync(new TableEntity(key, key), cancellationToken); }),
                await TimeAsync(() => same.GetEntityAsync<TableEntity>(Any(), "", cancellationToken: cancellationToken)),
                await TimeAsync(() => { var key = Any(); return distinct.GetEntityAsync<TableEntity>(key, key, cancellationToken: cancellationToken); }),
                await TimeAsync(async () =>
                {
                    await foreach (var _ in same.QueryAsync<TableEntity>($"PartitionKey eq '{Any()}'", cancellationToken: cancellationToken))
                    {
                    }
                }));
            say($"store at {step.Rows:N0} rows: insert {step.InsertSameRowKey:0.00} / {step.InsertDistinctRowKey:0.00} ms, read {step.ReadSameRowKey:0.00} / {step.ReadDistinctRowKey:0.00} ms (RowKey shared / distinct), partition query {step.QueryByPartition:0.00} ms");
            steps.Add(step);
        }

        await same.DeleteAsync(cancellationToken);
        await distinct.DeleteAsync(cancellationToken);
        return steps;
    }

    private static async Task<double> TimeAsync(Func<Task> request)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Samples; i++)
        {
            await request();
        }

        return watch.Elapsed.TotalMilliseconds / Samples;
    }
}
