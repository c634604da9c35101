using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.EngineCost;
using Grassroots.FaultInjection;
using Grassroots.LocalHost;
using Grassroots.Functions.Configuration;
using Microsoft.Extensions.Configuration;

namespace Grassroots.Simulator;

/// <summary>What one review rule's run produced: the actors' records, the app's own figures, the storage work.</summary>
public sealed record RuleResult(
    string Rule,
    double WindowDays,
    IReadOnlyList<EventRecord> Records,
    JsonNode Stats,
    StorageCount Storage,
    double RunSeconds,
    double ImportSeconds,
    int Imports,
    long ImportBytes,
    double YearEndDay,
    CpuBudget Cpu);

/// <summary>
/// One simulated year under one review rule: a fresh local host (its own task hub and table prefix) on the shared
/// private Azurite behind the counting proxy, the directory imported over HTTP, every event's actors started, and at
/// the year's end the city's figures read from GET /api/stats.
/// </summary>
public static class RuleRun
{
    public static async Task<RuleResult> RunAsync(
        string rule, double windowDays, SimulationSettings settings, PrivateAzurite azurite, IReadOnlyList<DirectoryDocument> stages, string queuesFile,
        OrgDirectory directory, IReadOnlyList<EventPlan> plans, double yearEndDay, Action<string> say, CancellationToken cancellationToken, bool verboseImport = false)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (hub, prefix) = ("H" + id, "T" + id);
        var day = TimeSpan.FromSeconds(settings.DaySeconds);
        var (counted, started) = await CountedLocalHost.StartAsync(azurite.ConnectionString, hub, prefix, new Dictionary<string, string?>
        {
            ["Grassroots:FixedReviewDuration"] = (day * windowDays).ToString("c", CultureInfo.InvariantCulture),
            ["Grassroots:FollowUp:Window"] = (day * settings.FollowUpWindowDays).ToString("c", CultureInfo.InvariantCulture),
            ["LocalHost:DirectoryFile"] = queuesFile,
            // A finished escalation leaves the task hub at the next purge (every five minutes), as it would after the
            // retention in a city: the engine's tables then hold what is in flight, not the whole year.
            ["Grassroots:Supervision:EngineHistoryRetention"] = "00:00:00",
            // The quiet console's one line per event step would be thousands of lines; the report says what happened.
            ["Logging:LogLevel:Grassroots"] = "Warning",
            ["Logging:LogLevel:Grassroots.Timeline"] = "Warning",
            ["Logging:LogLevel:Azure"] = "Error",
            ["Logging:LogLevel:DurableTask"] = "Error",
        }, null, cancellationToken);
        await using var proxy = counted;
        await using var host = started;
        say($"{rule}: local host on {host.BaseAddress} (task hub {hub}, table prefix {prefix}); importing the directory over HTTP");

        using var simulator = new SimulatorApi(host.BaseAddress);
        var importClock = Stopwatch.StartNew();
        var (imports, added, bytes) = (0, 0, 0L);
        foreach (var stage in stages)
        {
            var json = DirectoryGenerator.ToJson(stage);
            var step = Stopwatch.StartNew();
            var imported = await simulator.ImportAsync(json, cancellationToken);
            var adds = imported["changes"]?["nodes"]?["added"]?.AsArray().Count ?? 0;
            (imports, added, bytes) = (imports + 1, added + adds, bytes + json.Length);
            if (verboseImport)
            {
                say($"{rule}: import {imports} of {stages.Count}: {stage.Nodes!.Count} nodes ({json.Length / 1e6:0.00} MB), {adds} added, {step.Elapsed.TotalSeconds:0.0} s");
            }
        }

        var importSeconds = importClock.Elapsed.TotalSeconds;
        say($"{rule}: imported {added} nodes in {imports} imports ({bytes / 1e6:0.0} MB sent) in {importSeconds:0.0} s");

        using var api = new GrassrootsApi(host.BaseAddress);
        var dispatchable = directory.Nodes.Where(n => n.Tier >= Tier.Town).ToDictionary(
            n => n.Id,
            n => (IReadOnlyList<Department>)[.. directory.Departments.Where(d => d.DispatchableBy.Contains(n.Id)).OrderBy(d => d.Id, StringComparer.Ordinal)]);
        var calendar = new SimulatedCalendar(DateTimeOffset.UtcNow.AddSeconds(3), day);
        var topics = new GrassrootsOptions();
        await using var notices = NoticeFeed.Start(
            host.ServiceBus?.ConnectionString ?? throw new InvalidOperationException("The simulator reads the local host's own Service Bus endpoint."),
            host.ServiceBusTopology!, topics.ReviewerTopic, topics.ReporterTopic);
        var actors = new EventActors(api, simulator, notices, directory, dispatchable, calendar, windowDays, id);
        var records = plans.Select(p => new EventRecord(p)).ToList();
        var before = proxy.Snapshot();
        using var self = Process.GetCurrentProcess();
        var (storeCpuBefore, processCpuBefore) = (azurite.ProcessorTime, self.TotalProcessorTime);
        using var yearEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = records.Select(r => Task.Run(() => actors.RunAsync(r, yearEnd.Token), CancellationToken.None)).ToList();
        var progress = Task.Run(async () =>
        {
            while (!yearEnd.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), yearEnd.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                var captured = records.Count(r => r.EventId is not null);
                var open = records.Count(r => r.EventId is not null && r.ClosedDay is null);
                say($"{rule}: day {calendar.Now:0.0} of {yearEndDay:0.0}: {captured} captured, {open} open, {proxy.Total - before.Values.Sum()} storage requests");
            }
        }, CancellationToken.None);

        await calendar.UntilAsync(yearEndDay, cancellationToken);
        var storage = StorageCount.Between(before, proxy.Snapshot());
        self.Refresh();
        var cpu = new CpuBudget((azurite.ProcessorTime - storeCpuBefore).TotalSeconds, (self.TotalProcessorTime - processCpuBefore).TotalSeconds,
            records.Count(r => r.EventId is not null), storage.Total);
        var runSeconds = (DateTimeOffset.UtcNow - calendar.Start).TotalSeconds;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(calendar.Start, zone).Date);
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date);
        var stats = await simulator.StatsAsync(directory.City.Id, directory.City.Responsible.IdentityId, from, to, cancellationToken);
        await yearEnd.CancelAsync();
        foreach (var task in running.Append(progress))
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
        }

        say($"{rule}: the year ended at day {yearEndDay:0.00} after {runSeconds:0} s; {records.Count(r => r.ClosedDay is not null)} of {records.Count(r => r.EventId is not null)} closed as the actors last saw them");
        return new RuleResult(rule, windowDays, records, stats, storage, runSeconds, importSeconds, imports, bytes, yearEndDay, cpu);
    }
}
