using System.Diagnostics;
using System.Globalization;
using Grassroots.Domain;
using Grassroots.EngineCost;
using Grassroots.FaultInjection;
using Grassroots.LocalHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Issue #18's engine cost, each figure a section of one report (README.md, "Engine cost"): storage requests per event
// (app tables and the durable engine together, counted on the wire by a proxy in front of Azurite) for an event resolved
// at the unit and for one escalated to the street and dispatched to two departments; review-to-next-tier latency;
// intake's events/s against the store's insert rate; tier cycles/s against a bare orchestration; the lateness of many
// timers falling due together; how the local store's time per request grows with its tables.
// `--only cost,latency,intake,cycles,timers,store` runs a subset.
string[] allSections = ["cost", "latency", "intake", "cycles", "timers", "store"];
var only = (Text("--only") ?? string.Join(',', allSections)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
if (only.Except(allSections).ToList() is { Count: > 0 } unknown)
{
    Console.Error.WriteLine($"Unknown section(s) {string.Join(", ", unknown)}; known: {string.Join(", ", allSections)}");
    return 2;
}

var events = Option("--events", 20);
var clients = Option("--clients", 8);
var intakeSeconds = Option("--intake-seconds", 30);
var latencyEvents = Option("--latency-events", 20);
var cycleEvents = Option("--cycle-events", 50);
var deadlineSeconds = Option("--deadline-seconds", 5);
var timers = Option("--timers", 5000);
var timerLead = Option("--timer-lead", 0);
var output = Text("--out") ?? "engine-cost.md";
// Every storage request, one line each with its time (seconds since start): where an event's requests go.
using var trace = Text("--trace") is { } tracePath ? TextWriter.Synchronized(new StreamWriter(tracePath)) : null;
var root = RepositoryRoot.Find();
var id = Guid.NewGuid().ToString("N")[..8];
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

var directory = OrgDirectory.Parse(await File.ReadAllTextAsync(Path.Combine(root, "config", "putian-directory.json")));
var units = directory.Nodes.Where(n => n.Tier == Tier.Unit).OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Id).ToList();
var sections = new List<string>();
var load = new List<string> { LoadAverage() };

using var azurite = await PrivateAzurite.StartAsync(root);
if (only.Intersect(["cost", "latency", "intake"]).Any())
{
    // Deadlines an hour away: nobody acting at once can miss one, so what is counted is the path's work, not a breach's.
    var (proxy, host) = await StartAsync("A", TimeSpan.FromHours(1), null);
    await using (proxy)
    await using (host)
    {
        using var api = new GrassrootsApi(host.BaseAddress);
        if (only.Contains("cost"))
        {
            sections.Add(await CostAsync(api, proxy));
        }

        if (only.Contains("latency"))
        {
            var latency = await new ReviewLatency(api, directory, units, id).MeasureAsync(latencyEvents, CancellationToken.None);
            Say($"review to next tier: visible p50 {Latencies.Ms(latency.Visible.Percentile(50))}, p99 {Latencies.Ms(latency.Visible.Percentile(99))}");
            sections.Add(EngineCostReport.Latency(latency));
        }

        if (only.Contains("intake"))
        {
            load.Add(LoadAverage());
            var intake = await new IntakeThroughput(api, proxy, azurite.ConnectionString, () => azurite.ProcessorTime, units, id).MeasureAsync(clients, TimeSpan.FromSeconds(intakeSeconds), Say, CancellationToken.None);
            load.Add(LoadAverage());
            Say($"intake ratio: {intake.Ratio(intake.RawProxiedPerSecond):0.00} of the store's limit through the proxy, {intake.Ratio(intake.RawDirectPerSecond):0.00} of it straight");
            sections.Add(EngineCostReport.Intake(intake));
        }
    }
}

if (only.Intersect(["cycles", "timers"]).Any())
{
    // A second host on its own task hub, with short deadlines, and the bare orchestration registered beside the app's.
    var (proxy, host) = await StartAsync("B", TimeSpan.FromSeconds(deadlineSeconds), BareOrchestration.Register);
    await using (proxy)
    await using (host)
    {
        using var api = new GrassrootsApi(host.BaseAddress);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        if (only.Contains("timers"))
        {
            load.Add(LoadAverage());
            var lateness = await TimerLateness.MeasureAsync(durable, timers, timerLead > 0 ? TimeSpan.FromSeconds(timerLead) : null, id, Say, CancellationToken.None);
            Say($"{lateness.Ran} of {timers} timers ran: lateness p50 {Latencies.Ms(lateness.Lateness.Percentile(50))}, p99 {Latencies.Ms(lateness.Lateness.Percentile(99))}, max {Latencies.Ms(lateness.Lateness.Max)}");
            sections.Add(EngineCostReport.Timers(lateness));
        }

        if (only.Contains("cycles"))
        {
            load.Add(LoadAverage());
            var cycles = await new TierCycles(api, durable, units, id).MeasureAsync(cycleEvents, TimeSpan.FromSeconds(deadlineSeconds), Say, CancellationToken.None);
            sections.Add(EngineCostReport.Cycles(cycles));
        }
    }
}

if (only.Contains("store"))
{
    var sizes = (Text("--store-rows") ?? "1000,5000,20000,50000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
    sections.Add(EngineCostReport.Store(await StoreScaling.MeasureAsync(azurite.ConnectionString, sizes, id, Say, CancellationToken.None)));
}

var report = EngineCostReport.Document(sections, load, clock.Elapsed);
await File.WriteAllTextAsync(output, report);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {Path.GetFullPath(output)}");
return 0;

async Task<(CountingStorageProxy Proxy, LocalFunctionsHost Host)> StartAsync(string name, TimeSpan reviewDuration, Action<DurableTaskRegistry>? tasks)
{
    var hub = "H" + name + id;
    var prefix = "T" + name + id;
    var (proxy, host) = await CountedLocalHost.StartAsync(azurite.ConnectionString, hub, prefix, new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = reviewDuration.ToString("c", CultureInfo.InvariantCulture),
    }, tasks, CancellationToken.None);
    if (trace is not null)
    {
        proxy.Trace = line => trace.WriteLine($"{clock.Elapsed.TotalSeconds:0.000} {line}");
    }

    Say($"local host {name} serving on {host.BaseAddress} with storage through the counting proxy (task hub {hub}, table prefix {prefix}, review time {reviewDuration})");
    return (proxy, host);
}

async Task<string> CostAsync(GrassrootsApi api, CountingStorageProxy proxy)
{
    var scenario = new CostScenario(api, directory, TimeSpan.FromSeconds(2));
    var withTwoDepartments = units
        .Select(u => (Unit: u, Departments: directory.Departments.Where(d => d.DispatchableBy.Contains(directory.ChainToCity(u).Single(n => n.Tier == Tier.Town).Id)).Select(d => d.Id).Order(StringComparer.Ordinal).Take(2).ToList()))
        .Where(x => x.Departments.Count == 2).ToList();

    // Warm up: the first event of each kind creates tables and queues and compiles the code paths.
    var warm = await scenario.ResolvedAtUnitAsync($"warm-{id}-a", units[0], CancellationToken.None);
    await scenario.DispatchedToTwoDepartmentsAsync($"warm-{id}-b", withTwoDepartments[0].Unit, withTwoDepartments[0].Departments, CancellationToken.None);
    Say("warmed up; measuring the idle engine");
    await Task.Delay(TimeSpan.FromSeconds(15));
    var idle = await MeasureAsync(proxy, () => Task.Delay(TimeSpan.FromSeconds(30)));
    var idlePerSecond = idle.Count.DividedBy(idle.Seconds);
    Say($"idle: {idlePerSecond.Total:0.0} storage requests/s");

    const int sampleReads = 40;
    var readEvent = await MeasureAsync(proxy, async () =>
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
        ("(a) resolved at the unit", i => scenario.ResolvedAtUnitAsync($"a-{id}-{i}", units[(i + 2) % units.Count], CancellationToken.None)),
        ("(b) escalated to the street, dispatched to two departments", i => scenario.DispatchedToTwoDepartmentsAsync($"b-{id}-{i}", withTwoDepartments[i % withTwoDepartments.Count].Unit, withTwoDepartments[i % withTwoDepartments.Count].Departments, CancellationToken.None)),
    })
    {
        await Task.Delay(TimeSpan.FromSeconds(10));
        var reads = scenario.Reads;
        var run = await MeasureAsync(proxy, async () =>
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

    return EngineCostReport.Markdown(events, idlePerSecond, perRead, results);
}

static async Task<(StorageCount Count, double Seconds)> MeasureAsync(CountingStorageProxy proxy, Func<Task> work)
{
    var before = proxy.Snapshot();
    var watch = Stopwatch.StartNew();
    await work();
    return (StorageCount.Between(before, proxy.Snapshot()), watch.Elapsed.TotalSeconds);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

int Option(string name, int fallback) =>
    Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
