using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Grassroots.FaultInjection;

namespace Grassroots.EngineCost;

/// <summary>What intake sustains against what the store could take for intake's writes.</summary>
public sealed record IntakeFigures(
    int Clients,
    double RawDirectPerSecond,
    double RawProxiedPerSecond,
    double WritesPerEvent,
    IReadOnlyDictionary<StorageResource, double> WritesByResource,
    double EventsPerSecond,
    Latencies Latency,
    double StorageRequestsPerSecond,
    double RequestsPerEvent,
    double StoreBusyShare)
{
    /// <summary>Intake's events/s over the events/s the store could take if intake did nothing but its writes.</summary>
    public double Ratio(double rawPerSecond) => EventsPerSecond / (rawPerSecond / WritesPerEvent);

    /// <summary>
    /// Every storage request per event captured while intake ran: intake's own and those of the escalations the captures
    /// started, which share the store with it.
    /// </summary>
    public double StoreRequestsPerCapturedEvent => EventsPerSecond > 0 ? StorageRequestsPerSecond / EventsPerSecond : 0;

    /// <summary>
    /// The requests/s the store answers with its one thread always busy, at this mix of requests: what it answered over
    /// the share of the time it was busy.
    /// </summary>
    public double StoreCapacityPerSecond => StoreBusyShare > 0 ? StorageRequestsPerSecond / Math.Min(1, StoreBusyShare) : StorageRequestsPerSecond;

    /// <summary>
    /// The storage requests per captured event the store's full thread could afford at <paramref name="ratio"/> of its
    /// limit: what intake's and its escalations' requests together would have to come down to.
    /// </summary>
    public double AffordableRequestsPerEventAt(double ratio, double rawPerSecond) => StoreCapacityPerSecond / (ratio * rawPerSecond / WritesPerEvent);
}

/// <summary>
/// Intake at N concurrent clients, beside the raw single-entity insert rate of the same Azurite at the same concurrency
/// (with the Azure.Data.Tables client, straight to Azurite and through the counting proxy that intake's requests also
/// cross), and intake's own writes per event counted by the proxy.
/// </summary>
/// <param name="storeCpu">CPU time the store's process has used so far.</param>
public sealed class IntakeThroughput(GrassrootsApi api, CountingStorageProxy proxy, string azuriteConnectionString, Func<TimeSpan> storeCpu, IReadOnlyList<string> units, string runId)
{
    public async Task<IntakeFigures> MeasureAsync(int clients, TimeSpan duration, Action<string> say, CancellationToken cancellationToken)
    {
        var direct = await RawInsertRateAsync(azuriteConnectionString, "RawDirect" + runId, clients, duration, cancellationToken);
        say($"raw inserts straight to Azurite at {clients} clients: {direct:0} /s");
        var proxied = await RawInsertRateAsync(proxy.ConnectionString, "RawProxied" + runId, clients, duration, cancellationToken);
        say($"raw inserts through the proxy at {clients} clients: {proxied:0} /s");
        var (writes, requests, byResource) = await WritesPerEventAsync(12, cancellationToken);
        say($"intake's writes per event: {writes:0.#}, its requests: {requests:0.#}");
        var before = proxy.Total;
        var cpuBefore = storeCpu();
        var wall = Stopwatch.StartNew();
        var (eventsPerSecond, latency) = await SustainedAsync(clients, duration, cancellationToken);
        // Everything Azurite was asked meanwhile: intake's own requests and the work of the escalations it started.
        var storagePerSecond = (proxy.Total - before) / (duration.TotalSeconds + 5);
        var busy = (storeCpu() - cpuBefore) / wall.Elapsed;
        say($"intake at {clients} clients: {eventsPerSecond:0.0} events/s, p50 {Latencies.Ms(latency.Percentile(50))}, p99 {Latencies.Ms(latency.Percentile(99))}; the store busy {busy * 100:0}% of the time");
        return new IntakeFigures(clients, direct, proxied, writes, byResource, eventsPerSecond, latency, storagePerSecond, requests, busy);
    }

    private static async Task<double> RawInsertRateAsync(string connectionString, string tableName, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(tableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var payload = new string('x', 400);
        // A short warm-up (connections, Azurite's first writes) before the counted stretch.
        await InsertUntilAsync(table, payload, clients, Stopwatch.StartNew(), TimeSpan.FromSeconds(2), cancellationToken);
        var watch = Stopwatch.StartNew();
        var inserted = await InsertUntilAsync(table, payload, clients, watch, duration, cancellationToken);
        return inserted / watch.Elapsed.TotalSeconds;
    }

    private static async Task<int> InsertUntilAsync(TableClient table, string payload, int clients, Stopwatch watch, TimeSpan duration, CancellationToken cancellationToken)
    {
        var inserted = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (watch.Elapsed < duration)
            {
                await table.AddEntityAsync(new TableEntity(Guid.NewGuid().ToString("N"), "") { ["Payload"] = payload }, cancellationToken);
                Interlocked.Increment(ref inserted);
            }
        }));
        return inserted;
    }

    /// <summary>
    /// Intakes one at a time, a pause between them so the previous event's orchestration has settled; the writes and all
    /// requests made while each was in flight, the medians over the samples (an engine poll that lands in a window does
    /// not count).
    /// </summary>
    private async Task<(double Writes, double Requests, IReadOnlyDictionary<StorageResource, double> ByResource)> WritesPerEventAsync(int samples, CancellationToken cancellationToken)
    {
        var totals = new List<int>();
        var requests = new List<int>();
        var byResource = new List<IReadOnlyDictionary<StorageResource, int>>();
        for (var i = 0; i < samples; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = proxy.SnapshotWrites();
            var requestsBefore = proxy.Total;
            await api.CaptureAsync($"intake-writes-{runId}-{i}", units[i % units.Count], "Engine cost: intake's writes", cancellationToken);
            requests.Add(proxy.Total - requestsBefore);
            var after = proxy.SnapshotWrites();
            var delta = after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key)).Where(d => d.Value > 0).ToDictionary();
            totals.Add(delta.Values.Sum());
            byResource.Add(delta);
        }

        var median = totals.Order().ElementAt(totals.Count / 2);
        var typical = byResource.First(r => r.Values.Sum() == median);
        return (median, requests.Order().ElementAt(requests.Count / 2), typical.ToDictionary(r => r.Key, r => (double)r.Value));
    }

    private async Task<(double EventsPerSecond, Latencies Latency)> SustainedAsync(int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<TimeSpan>();
        var warmUp = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        var counted = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var i = 0; clock.Elapsed < warmUp + duration; i++)
            {
                var started = clock.Elapsed;
                await api.CaptureAsync($"intake-{runId}-{client}-{i}", units[(client * 7919 + i) % units.Count], "Engine cost: intake", cancellationToken);
                var ended = clock.Elapsed;
                if (started >= warmUp && ended <= warmUp + duration)
                {
                    latencies.Add(ended - started);
                    Interlocked.Increment(ref counted);
                }
            }
        }));
        return (counted / duration.TotalSeconds, new Latencies(latencies));
    }
}
