using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Grassroots.Benchmarks;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.LocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Loads synthetic events into Azurite through the projection planner, then measures the reporting endpoints at a small
// and at the full size in the same run. See README.md ("Reporting benchmark") for what the figures mean.
var options = BenchmarkOptions.Parse(args);
var prefix = "B" + Guid.NewGuid().ToString("N")[..10];
var counter = new StoreWorkCounter();
// Half a million events are a few million rows in Azurite's in-memory store: more than node's default heap.
using var azurite = await PrivateAzurite.StartAsync(RepositoryRoot.Find(), location: null, maxHeapMegabytes: 16384);
Console.WriteLine($"Reporting benchmark: {options.Events:N0} events (first measurement at {options.FirstCheckpoint:N0}), table prefix {prefix}");

await using var host = await LocalFunctionsHost.StartAsync([], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["urls"] = "http://127.0.0.1:0",
        ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = prefix,
        ["Grassroots:TablePrefix"] = prefix,
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["GrassrootsTables"] = azurite.ConnectionString,
        ["Logging:LogLevel:Default"] = "Warning",
    });
    // The app's own table client gets the counting policy: what the endpoints ask of the store is what is counted.
    builder.Services.Configure<TableClientOptions>("Default", o => o.AddPolicy(counter, HttpPipelinePosition.PerCall));
});

var tables = host.Services.GetRequiredService<GrassrootsTables>();
var clients = new Dictionary<string, TableClient>(StringComparer.Ordinal);
foreach (var name in new[] { TableNames.WorkQueue, TableNames.NodeFigures, TableNames.PeopleMonthly, TableNames.Inbox })
{
    clients[name] = await tables.GetAsync(name);
}

var planner = host.Services.GetRequiredService<ProjectionPlanner>();
var directory = OrgDirectory.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "config", "putian-directory.json")));
var yearStart = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.FromHours(8));
var city = new SyntheticCity(directory, yearStart, seed: 20231128);
var loader = new BulkProjectionLoader(name => clients[name], options.WithMarkers, options.Parallelism);

// A client without the counting policy, on the same Azurite, for the bare query the latency is compared with.
var bareTables = new TableServiceClient(host.Services.GetRequiredService<IConfiguration>()[Grassroots.Functions.Configuration.ConnectionNames.Tables]);
var bareQueue = bareTables.GetTableClient(prefix + TableNames.WorkQueue);
using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
var principal = new ClientPrincipal("aad", [new ClientPrincipalClaim("roles", "Grassroots.Admin"), new ClientPrincipalClaim("http://schemas.microsoft.com/identity/claims/objectidentifier", "00000000-0000-0000-0000-00000000a0a0")], "roles").Encode();
// The inbox is the caller's own: measured as the city's duty officer, from the directory the local host seeded.
var cityHead = new ClientPrincipal("aad", [new ClientPrincipalClaim("http://schemas.microsoft.com/identity/claims/objectidentifier", directory.City.Responsible.IdentityId)], "roles").Encode();
var scanLimit = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportingOptions>>().Value.MaxPageSize + 1;

var cityId = directory.City.Id;
var district = directory.Nodes.First(n => n.Tier == Tier.District).Id;
var month = new ScoringMonthText(yearStart.AddMonths(6)).Value;
var bareFigures = bareTables.GetTableClient(prefix + TableNames.NodeFigures);
var barePeople = bareTables.GetTableClient(prefix + TableNames.PeopleMonthly);
var resolvedPage = () => FirstPageAsync(bareQueue, TableClient.CreateQueryFilter($"PartitionKey eq {cityId + "~resolved"}"), 50);
// Each endpoint with its own main query issued bare: the store's floor for what that request asks.
var bareInbox = bareTables.GetTableClient(prefix + TableNames.Inbox);
var endpoints = new (string Name, string Path, Func<Task> OwnQuery, string Caller)[]
{
    ("work queue (city, resolved, page of 50)", $"/api/nodes/{cityId}/events?status=resolved&pageSize=50", resolvedPage, principal),
    ("stats (city, one month)", $"/api/stats?nodeId={cityId}&from={month}-01&to={month}-28",
        () => AllPagesAsync(bareFigures, TableClient.CreateQueryFilter($"PartitionKey eq {cityId} and RowKey ge {"d~" + month + "-01"} and RowKey le {"d~" + month + "-28"}")), principal),
    ("stats (city, 366 days)", $"/api/stats?nodeId={cityId}&from=2025-11-01&to=2026-11-01",
        () => AllPagesAsync(bareFigures, TableClient.CreateQueryFilter($"PartitionKey eq {cityId} and RowKey ge {"d~2025-11-01"} and RowKey le {"d~2026-11-01"}")), principal),
    ("honour roll (district, one month)", $"/api/honour-roll?nodeId={district}&month={month}",
        () => AllPagesAsync(barePeople, TableClient.CreateQueryFilter($"PartitionKey eq {district + "~" + month} and RowKey ge {PeopleNames.UnitHeadsStart} and RowKey lt {PeopleNames.UnitHeadsEnd}")), principal),
    ("my inbox (city duty officer, every event waiting at the city)", "/api/me/inbox",
        () => FirstPageAsync(bareInbox, TableClient.CreateQueryFilter($"PartitionKey eq {InboxRow.NodePartition(cityId)}"), scanLimit), cityHead),
};

var results = new List<Measurement>();
var loaded = 0;
var stopwatch = Stopwatch.StartNew();
foreach (var checkpoint in options.Checkpoints)
{
    var started = stopwatch.Elapsed;
    var entitiesBefore = loader.EntitiesWritten;
    while (loaded < checkpoint)
    {
        var batchEnd = Math.Min(checkpoint, loaded + options.FlushEvery);
        for (; loaded < batchEnd; loaded++)
        {
            var synthetic = city.Next(loaded);
            foreach (var (facts, record) in synthetic.Records)
            {
                loader.Add(record switch
                {
                    StepRecord step => planner.ForStep(facts, step),
                    BreachRecord breach => planner.ForBreach(facts, breach),
                    _ => ProjectionPlan.Empty,
                });
            }

            // The inbox's worst case: a backlog in which every event waits for the city's review, so the city's
            // inbox partition holds every event loaded. Rows come from the projection's own InboxEntries.
            var first = synthetic.Records[0].Facts;
            loader.AddRows(TableNames.Inbox, InboxEntries.For(new EventRow
            {
                PartitionKey = first.EventId, Title = first.Title, Category = first.Category, UnitId = first.UnitId, CapturedAt = first.CapturedAt,
                Status = EventStatus.Open, Stage = EventStage.AwaitingReview, CurrentTier = Tier.City.ToWireName(), CurrentNodeId = cityId,
                DeadlineUtc = first.CapturedAt.AddDays(1), Round = 6,
            }));
            loader.EndEvent();
        }

        await loader.FlushAsync(CancellationToken.None);
        Console.WriteLine($"  loaded {loaded:N0} events, {loader.EntitiesWritten:N0} rows, {stopwatch.Elapsed:hh\\:mm\\:ss}");
    }

    var seconds = (stopwatch.Elapsed - started).TotalSeconds;
    Console.WriteLine($"Loaded {checkpoint:N0} events: {loader.EntitiesWritten - entitiesBefore:N0} rows in {seconds:N0} s ({(loader.EntitiesWritten - entitiesBefore) / Math.Max(seconds, 0.001):N0} rows/s)");
    foreach (var (name, path, ownQuery, caller) in endpoints)
    {
        results.Add(await MeasureAsync(name, path, ownQuery, caller, checkpoint));
    }

    // Written after every size, so a long run that is stopped early still leaves its figures so far.
    await File.WriteAllTextAsync(options.Output, Report.Render(results, options, loader.EntitiesWritten, stopwatch.Elapsed));
}

var report = Report.Render(results, options, loader.EntitiesWritten, stopwatch.Elapsed);
Console.WriteLine(report);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine("Written to " + Path.GetFullPath(options.Output));

async Task<Measurement> MeasureAsync(string name, string path, Func<Task> ownQuery, string caller, int events)
{
    var endpoint = new List<double>();
    var bare = new List<double>();
    var own = new List<double>();
    var work = new List<(long Requests, long Entities)>();
    for (var i = 0; i < options.Warmup + options.Requests; i++)
    {
        // Endpoint and bare query alternate, so both see Azurite in the same state at the same moment.
        var before = counter.Snapshot();
        var watch = Stopwatch.StartNew();
        using (var request = new HttpRequestMessage(HttpMethod.Get, path))
        {
            request.Headers.Add(ClientPrincipal.HeaderName, caller);
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        }

        var endpointMs = watch.Elapsed.TotalMilliseconds;
        var after = counter.Snapshot();
        watch.Restart();
        await resolvedPage();
        var bareMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await ownQuery();
        var ownMs = watch.Elapsed.TotalMilliseconds;
        if (i >= options.Warmup)
        {
            endpoint.Add(endpointMs);
            bare.Add(bareMs);
            own.Add(ownMs);
            work.Add((after.Requests - before.Requests, after.Entities - before.Entities));
        }
    }

    var measurement = new Measurement(name, events, work.Max(w => w.Requests), work.Max(w => w.Entities), Median(endpoint), Median(bare), Median(own));
    Console.WriteLine($"  {measurement.Endpoint} at {events:N0}: {measurement.Requests} requests, {measurement.Entities} entities, median {measurement.MedianMs:F2} ms, bare {measurement.BareMedianMs:F2} ms, own query {measurement.OwnQueryMedianMs:F2} ms");
    return measurement;
}

static async Task FirstPageAsync(TableClient table, string filter, int pageSize)
{
    await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize).AsPages(pageSizeHint: pageSize))
    {
        _ = page.Values.Count;
        break;
    }
}

static async Task AllPagesAsync(TableClient table, string filter)
{
    await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000).AsPages())
    {
        _ = page.Values.Count;
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>A month as yyyy-MM, in the city's time zone.</summary>
internal readonly record struct ScoringMonthText(DateTimeOffset At)
{
    public string Value => At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
