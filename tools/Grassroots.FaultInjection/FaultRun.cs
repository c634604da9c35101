using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Domain;
using Grassroots.LocalHost;
using Grassroots.LocalServiceBus;

namespace Grassroots.FaultInjection;

/// <summary>What a run found: its checks, its faults and how the events fared; <see cref="Passed"/> when every check did.</summary>
public sealed record FaultRunResult(
    FaultRunOptions Options, string RunId, TimeSpan Duration, IReadOnlyList<CheckResult> Checks, IReadOnlyList<FaultRecord> Faults,
    IReadOnlyList<ScriptRecord> Records, IReadOnlySet<string> RepairedEvents, int UnplannedHostExits, int HttpRetries)
{
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>
/// One fault-injection run in an environment of its own: a private Azurite persisted in a temp folder, the Service Bus
/// endpoint in this process (without the queue of one department the directory names), and the local host as a child
/// process. Scripted actors drive events over HTTP while faults are injected; then the run waits for quiet and checks.
/// </summary>
public static class FaultRun
{
    /// <summary>A department the directory copy adds and the broker has no queue for (issue #13, reproduction 2).</summary>
    public const string QueuelessDepartmentId = "xialin-sanitation";

    public static async Task<FaultRunResult> RunAsync(FaultRunOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var runId = "F" + DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999);
        var root = RepositoryRoot.Find();
        var work = Path.Combine(Path.GetTempPath(), "grassroots-faults-" + runId);
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        try
        {
            var directoryFile = Path.Combine(work, "directory.json");
            var directory = await WriteDirectoryAsync(root, directoryFile, cancellationToken);
            var topology = ServiceBusTopology.Load(Path.Combine(root, "infra", "servicebus-entities.json"),
                directory.Departments.Where(d => d.Id != QueuelessDepartmentId).Select(d => d.QueueName));

            using var azurite = await PrivateAzurite.StartAsync(root, Path.Combine(work, "azurite"), cancellationToken: cancellationToken);
            await using var broker = await LocalServiceBusBroker.StartAsync(topology, cancellationToken: cancellationToken);
            var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["urls"] = baseAddress.ToString().TrimEnd('/'),
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["GrassrootsTables"] = azurite.ConnectionString,
                ["GrassrootsServiceBus"] = broker.ConnectionString,
                ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = runId,
                ["Grassroots__TablePrefix"] = runId,
                ["Grassroots__Auth__Mode"] = "Development",
                ["Grassroots__FixedReviewDuration"] = options.ReviewTime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                // The scripts end at the close; a residents' follow-up window as short as a review lets every escalation finish.
                ["Grassroots__FollowUp__Window"] = options.ReviewTime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                // The outbox drain and the watchdog run every two seconds instead of every minute / five minutes, so a
                // run's repairs and delayed notices settle within the run's own time scale.
                ["LocalHost__TimerPeriod"] = "00:00:02",
                ["LocalHost__RepositoryRoot"] = root,
                ["LocalHost__DirectoryFile"] = directoryFile,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Grassroots"] = "Warning",
            };
            var dll = options.LocalHostDll ?? LocalHostBuildOutput(root);
            log.WriteLine($"Fault-injection run {runId}: {options.Events} events, {options.Kills} kills, {options.Outage.TotalSeconds:0} s Service Bus outage, " +
                $"{options.AzuriteRestarts} Azurite restart(s), review time {options.ReviewTime.TotalSeconds:0} s, seed {options.Seed}");
            await using var host = new LocalHostProcess(dll, baseAddress, environment, log);
            await host.StartAsync(cancellationToken);
            log.WriteLine($"Local host serving on {baseAddress} after {clock.Elapsed.TotalSeconds:0.0} s (Azurite and Service Bus of this run's own); times below count from the first capture");

            using var api = new GrassrootsApi(baseAddress);
            var random = new Random(options.Seed);
            var scripts = EventScript.Plan(options.Events, directory, QueuelessDepartmentId, random);
            var records = scripts.Select(s => new ScriptRecord(s)).ToList();
            IReadOnlyList<string> OpenEvents() => [.. records.Where(r => r.EventId is not null && r.FinishedAt is null).Select(r => r.EventId!)];

            using var driver = new FaultDriver(host, broker, azurite, OpenEvents, log);
            var runClock = Stopwatch.StartNew();
            var faults = driver.RunAsync(options, new Random(options.Seed + 1), runClock, cancellationToken);
            var actors = records.Select((record, i) => StartActorAsync(
                new ScriptedActor(api, directory, options, record, driver.RecoveryAfter, runClock), runId, options.CaptureWindow * i / Math.Max(1, records.Count), cancellationToken)).ToList();
            await Task.WhenAll(actors);
            log.WriteLine($"[{runClock.Elapsed.TotalSeconds,6:0.0}s] actors done: {records.Count(r => r.GaveUp is null)} scripts played through, {records.Count(r => r.GaveUp is not null)} gave up");
            await faults;
            driver.Record(new FaultRecord(FaultKind.QueuelessDispatch, TimeSpan.Zero, TimeSpan.Zero,
                [.. records.Where(r => r.Script.Kind == ScriptKind.QueuelessDepartment && r.EventId is not null).Select(r => r.EventId!)]));

            var tables = new TableServiceClient(azurite.ConnectionString);
            var checks = new RunChecks(api, tables, runId, runId);
            await SettleAsync(checks, broker, topology, options.SettleTimeout, log, runClock, cancellationToken);

            var views = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            var results = new List<CheckResult> { await checks.EventStatesAsync(records, views, cancellationToken), RunChecks.ActionsAnswered(records) };
            results.Add(RunChecks.NoOrchestrationFailed(await checks.InstanceStatusesAsync(cancellationToken), records));
            var eventIds = records.Where(r => r.EventId is not null).Select(r => r.EventId!).ToHashSet(StringComparer.Ordinal);
            var timelines = await checks.TimelinesAsync(eventIds, cancellationToken);
            results.Add(RunChecks.TimelineUnique(timelines));
            results.Add(await checks.BreachesUniqueAsync(eventIds, cancellationToken));
            results.Add(await RunChecks.NotificationsOnceAsync(broker, topology, timelines, cancellationToken));
            var repaired = timelines.Where(t => t.Value.Any(s => s.Kind == "repaired")).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            return new FaultRunResult(options, runId, clock.Elapsed, results, driver.Faults, records, repaired, host.UnplannedExits, api.Retries);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Azurite may still hold a file for a moment; the temp folder is the system's to clean then.
            }
        }
    }

    private static async Task StartActorAsync(ScriptedActor actor, string runId, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        await actor.RunAsync(runId, cancellationToken);
    }

    /// <summary>Quiet means no orchestration still running or pending and no queue still growing, for a few seconds in a row.</summary>
    private static async Task SettleAsync(RunChecks checks, LocalServiceBusBroker broker, ServiceBusTopology topology, TimeSpan timeout, TextWriter log, Stopwatch clock, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quietSince = (DateTime?)null;
        var lastMessages = -1;
        while (DateTime.UtcNow < deadline)
        {
            var busy = 0;
            try
            {
                busy = (await checks.InstanceStatusesAsync(cancellationToken)).Count(s => s.Value is "Running" or "Pending" or "ContinuedAsNew");
            }
            catch (Azure.RequestFailedException)
            {
                busy = -1;
            }

            var messages = broker.IsSuspended ? -1 : TotalMessages(broker, topology);
            if (busy == 0 && messages == lastMessages)
            {
                quietSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(3))
                {
                    log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] quiet: no orchestration running, {messages} messages waiting");
                    return;
                }
            }
            else
            {
                quietSince = null;
            }

            lastMessages = messages;
            await Task.Delay(1000, cancellationToken);
        }

        log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] not quiet after {timeout.TotalSeconds:0} s; checking anyway");
    }

    private static int TotalMessages(LocalServiceBusBroker broker, ServiceBusTopology topology) => topology.Queues
        .Concat(topology.Topics.SelectMany(t => t.Subscriptions.Select(s => $"{t.Name}/Subscriptions/{s.Name}")))
        .Sum(broker.ActiveMessageCount);

    /// <summary>The sample directory plus a department whose queue the broker will not have.</summary>
    private static async Task<OrgDirectory> WriteDirectoryAsync(string root, string file, CancellationToken cancellationToken)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "config", "putian-directory.json"), cancellationToken))!;
        document["departments"]!.AsArray().Add(new JsonObject
        {
            ["id"] = QueuelessDepartmentId,
            ["name"] = "Xialin Street Sanitation Office (no queue provisioned)",
            ["queueName"] = "dept-" + QueuelessDepartmentId,
            ["dispatchableBy"] = new JsonArray("xialin-street", "chengxiang"),
            ["contact"] = new JsonObject
            {
                ["personId"] = "p-xialin-sanitation-desk",
                ["name"] = "Zheng Hua",
                ["role"] = "Dispatch desk, street cleaning",
                ["contact"] = "+86 594 269 2199",
                ["identityId"] = "0fa17000-0000-4000-8000-000000000013",
            },
            ["resolveWithinWorkingDays"] = 2,
        });
        var json = document.ToJsonString();
        await File.WriteAllTextAsync(file, json, cancellationToken);
        return OrgDirectory.Parse(json);
    }

    /// <summary>The local host built in the same configuration as this tool (a project reference builds it).</summary>
    private static string LocalHostBuildOutput(string root)
    {
        var configuration = typeof(FaultRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(root, "tools", "Grassroots.LocalHost", "bin", configuration, "net10.0", "Grassroots.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the local host first (dotnet build -c {configuration} tools/Grassroots.LocalHost).", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
