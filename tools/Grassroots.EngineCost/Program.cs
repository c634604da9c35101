using System.Diagnostics;
using System.Globalization;
using Grassroots.Domain;
using Grassroots.EngineCost;
using Grassroots.FaultInjection;
using Grassroots.LocalHost;
using Microsoft.Extensions.Configuration;

// Issue #18's engine cost: storage requests per event (app tables and the durable engine together, counted on the
// wire by a proxy in front of Azurite) for an event resolved at the unit and for one escalated to the street and
// dispatched to two departments. See README.md ("Engine cost").
var events = Option("--events", 20);
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "engine-cost.md";
var root = RepositoryRoot.Find();
var id = Guid.NewGuid().ToString("N")[..8];
var hub = "H" + id;
var prefix = "T" + id;
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

using var azurite = await PrivateAzurite.StartAsync(root);
await using var proxy = await CountingStorageProxy.StartAsync(azurite.ConnectionString, hub, prefix);
await using var host = await LocalFunctionsHost.StartAsync([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["urls"] = "http://127.0.0.1:0",
    ["AzureWebJobsStorage"] = proxy.ConnectionString,
    ["GrassrootsTables"] = proxy.ConnectionString,
    ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = hub,
    ["Grassroots:TablePrefix"] = prefix,
    ["Grassroots:Auth:Mode"] = "Development",
    // Long enough that nobody acting at once can miss it: the counted work is the path's, not a breach's.
    ["Grassroots:FixedReviewDuration"] = "00:05:00",
    ["LocalHost:ServiceBusPort"] = "0",
    ["Logging:LogLevel:Default"] = "Warning",
}));
Say($"local host serving on {host.BaseAddress} with storage through the counting proxy (task hub {hub}, table prefix {prefix})");

var directory = OrgDirectory.Parse(await File.ReadAllTextAsync(Path.Combine(root, "config", "putian-directory.json")));
using var api = new GrassrootsApi(host.BaseAddress);
var scenario = new CostScenario(api, directory, TimeSpan.FromSeconds(2));
var units = directory.Nodes.Where(n => n.Tier == Tier.Unit).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
var withTwoDepartments = units
    .Select(u => (Unit: u.Id, Departments: directory.Departments.Where(d => d.DispatchableBy.Contains(directory.ChainToCity(u.Id).Single(n => n.Tier == Tier.Town).Id)).Select(d => d.Id).Order(StringComparer.Ordinal).Take(2).ToList()))
    .Where(x => x.Departments.Count == 2).ToList();

// Warm up: the first event of each kind creates tables and queues and compiles the code paths.
var warm = await scenario.ResolvedAtUnitAsync($"warm-{id}-a", units[0].Id, CancellationToken.None);
await scenario.DispatchedToTwoDepartmentsAsync($"warm-{id}-b", withTwoDepartments[0].Unit, withTwoDepartments[0].Departments, CancellationToken.None);
Say("warmed up; measuring the idle engine");
await Task.Delay(TimeSpan.FromSeconds(15));
var idle = await MeasureAsync(() => Task.Delay(TimeSpan.FromSeconds(30)));
var idlePerSecond = idle.Count.DividedBy(idle.Seconds);
Say($"idle: {idlePerSecond.Total:0.0} storage requests/s");

const int sampleReads = 40;
var readEvent = await MeasureAsync(async () =>
{
    for (var i = 0; i < sampleReads; i++)
    {
        await api.GetEventAsync(warm, CancellationToken.None);
    }
});
var perRead = readEvent.Count.Minus(idlePerSecond, readEvent.Seconds).DividedBy(sampleReads);
Say($"one staff read of an event: {perRead.Total:0.0} storage requests");

var results = new List<(string Name, StorageCount PerEvent, double Seconds, int Reads)>();
foreach (var (name, play) in new (string, Func<int, Task>)[]
{
    ("(a) resolved at the unit", i => scenario.ResolvedAtUnitAsync($"a-{id}-{i}", units[(i + 2) % units.Count].Id, CancellationToken.None)),
    ("(b) escalated to the street, dispatched to two departments", i => scenario.DispatchedToTwoDepartmentsAsync($"b-{id}-{i}", withTwoDepartments[i % withTwoDepartments.Count].Unit, withTwoDepartments[i % withTwoDepartments.Count].Departments, CancellationToken.None)),
})
{
    await Task.Delay(TimeSpan.FromSeconds(10));
    var reads = scenario.Reads;
    var run = await MeasureAsync(async () =>
    {
        await Task.WhenAll(Enumerable.Range(0, events).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250 * i));
            await play(i);
        }));
        // What an orchestration does after the event shows resolved (its last steps, the projections) belongs to it too.
        await Task.Delay(TimeSpan.FromSeconds(15));
    });
    reads = scenario.Reads - reads;
    var perEvent = run.Count.Minus(idlePerSecond, run.Seconds).Minus(perRead, reads).DividedBy(events);
    Say($"{name}: {perEvent.Total:0} storage requests per event ({perEvent.Of(StorageOwner.Engine):0} engine, {perEvent.Of(StorageOwner.App):0} app) over {run.Seconds:0} s, {reads} reads taken out");
    results.Add((name, perEvent, run.Seconds, reads));
}

var report = EngineCostReport.Markdown(events, idlePerSecond, perRead, results);
await File.WriteAllTextAsync(output, report);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {Path.GetFullPath(output)}");
return 0;

async Task<(StorageCount Count, double Seconds)> MeasureAsync(Func<Task> work)
{
    var before = proxy.Snapshot();
    var watch = Stopwatch.StartNew();
    await work();
    return (StorageCount.Between(before, proxy.Snapshot()), watch.Elapsed.TotalSeconds);
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
