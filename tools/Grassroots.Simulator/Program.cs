using System.Diagnostics;
using System.Globalization;
using Grassroots.Domain;
using Grassroots.LocalHost;
using Grassroots.Simulator;

// Issue #18's simulator: a generated city, a compressed year of residents, reviewers and departments acting over
// HTTP through the real local host, once under the overnight rule and once under a 3-day rule. README, "Simulator".
var settings = new SimulationSettings
{
    // Defaults: one report a second, which these 2 cores' single Azurite keeps up with, both rules in under 30 minutes
    // (README, "Simulator": time budget).
    Seed = (int)Option("--seed", 2023),
    Scale = Option("--scale", 0.1),
    DaySeconds = Option("--day", 60),
    Days = Option("--days", 9),
    EventsPerDay = Option("--rate", 60),
};
if (Option("--events", 0) is > 0 and var events)
{
    settings = settings with { EventsPerDay = events / settings.Days };
}

var rules = (args.SkipWhile(a => a != "--rules").Skip(1).FirstOrDefault() ?? "1,3").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "simulation.md";
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0}s] {line}");

var shape = CityShape.Scaled(settings.Scale);
var document = DirectoryGenerator.Generate(shape, settings.Seed);
var directoryJson = DirectoryGenerator.ToJson(document);
var directory = OrgDirectory.From(document);
var queuesFile = Path.Combine(Path.GetTempPath(), $"grassroots-simulator-queues-{Environment.ProcessId}.json");
await File.WriteAllTextAsync(queuesFile, DirectoryGenerator.ToJson(DirectoryGenerator.QueuesOnly(document)));
var maxAdded = (int)Option("--import-batch", int.MaxValue);
var stages = DirectoryGenerator.Stages(document, maxAdded).ToList();
var units = directory.Nodes.Where(n => n.Tier == Tier.Unit).Select(n => n.Id).ToList();
var plans = YearPlanner.Plan(settings, units);
var tail = PathPrediction.YearEndAfterLastDay(plans, settings.Days, settings.TargetClosureRate);
Say($"city of {shape.Nodes:N0} nodes and {shape.Departments} departments ({directoryJson.Length / 1e6:0.0} MB, imported in {stages.Count} steps of at most {maxAdded} new nodes); {plans.Count:N0} reports over {settings.Days} days; " +
    $"the year ends {tail:0.00} days after the last report day; {rules.Count} rule(s) × {(settings.Days + tail) * settings.DaySeconds / 60:0.0} min");

if (args.Contains("--import-only"))
{
    // Measures the directory import alone, step by step: how long a city of this scale takes to load over HTTP.
    using var store = await PrivateAzurite.StartAsync(RepositoryRoot.Find());
    await RuleRun.RunAsync("import", 1, settings, store, stages, queuesFile, directory, [], 0, Say, CancellationToken.None, verboseImport: true);
    File.Delete(queuesFile);
    return 0;
}

var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[..3] : [];
using var azurite = await PrivateAzurite.StartAsync(RepositoryRoot.Find());
var results = new List<RuleResult>();
foreach (var window in rules)
{
    var name = window == 1 ? "overnight rule (1 day)" : $"{window:0.##}-day rule";
    results.Add(await RuleRun.RunAsync(name, window, settings, azurite, stages, queuesFile, directory, plans, settings.Days + tail, Say, CancellationToken.None));
}

var loadAfter = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[..3] : [];
var machine = $"Machine: {Environment.ProcessorCount} cores, shared; load average {string.Join(" ", load)} before, {string.Join(" ", loadAfter)} after; whole run {clock.Elapsed.TotalMinutes:0.0} min.";
var report = SimulationReport.Markdown(settings, shape, plans, tail, results, machine);
await File.WriteAllTextAsync(output, report);
File.Delete(queuesFile);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {Path.GetFullPath(output)}");
return 0;

double Option(string name, double fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
