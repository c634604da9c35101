using System.Diagnostics;
using Grassroots.LocalHost;
using Grassroots.LocalServiceBus;

namespace Grassroots.FaultInjection;

public enum FaultKind
{
    HostKill,
    ServiceBusOutage,
    AzuriteRestart,
    QueuelessDispatch,
}

/// <summary>One fault as it happened: when (since the run started), how long the service was away, and which events were open then.</summary>
public sealed record FaultRecord(FaultKind Kind, TimeSpan At, TimeSpan Down, IReadOnlyList<string> OpenEvents);

/// <summary>
/// Injects the run's faults at moments drawn from the seeded random source: SIGKILLs of the local host (each followed
/// by a restart), one Service Bus outage, Azurite restarts on the same ports and folder. Kills and storage restarts
/// take turns, so each starts from a serving host; the outage overlaps whatever falls inside it.
/// </summary>
public sealed class FaultDriver(LocalHostProcess host, LocalServiceBusBroker broker, PrivateAzurite azurite, Func<IReadOnlyList<string>> openEvents, TextWriter log) : IDisposable
{
    private readonly SemaphoreSlim oneRestartAtATime = new(1, 1);
    private readonly List<FaultRecord> faults = [];

    /// <summary>
    /// After a kill or a storage restart the engine needs more than the restart to serve again: the messages the lost
    /// process had taken stay hidden until their lease runs out (host.json's <c>controlQueueVisibilityTimeout</c>, one
    /// minute), and so do the partitions it held. Every escalation in flight waits that long.
    /// </summary>
    public static readonly TimeSpan EngineRecovery = TimeSpan.FromMinutes(1);

    public IReadOnlyList<FaultRecord> Faults { get { lock (faults) { return [.. faults]; } } }

    /// <summary>
    /// How long the host and the engine were away, or catching up, after the given moment of the run: each kill's and
    /// each storage restart's time down plus the engine's recovery. An actor waiting for its turn through such a fault
    /// waits this much longer before it gives up; the outage is already in every actor's budget.
    /// </summary>
    public TimeSpan RecoveryAfter(TimeSpan since) =>
        Faults.Where(f => f.Kind is FaultKind.HostKill or FaultKind.AzuriteRestart && f.At + f.Down + EngineRecovery > since)
            .Aggregate(TimeSpan.Zero, (sum, f) => sum + f.Down + EngineRecovery);

    public void Record(FaultRecord fault)
    {
        lock (faults)
        {
            faults.Add(fault);
        }
    }

    public async Task RunAsync(FaultRunOptions options, Random random, Stopwatch clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(clock);
        // Faults fall while events are being captured and escalated, never in the first seconds (nothing is open yet).
        var first = TimeSpan.FromSeconds(3);
        var last = options.CaptureWindow + options.ReviewTime * 2;
        TimeSpan Draw(TimeSpan until) => first + (until - first) * random.NextDouble();
        var planned = new List<(TimeSpan At, Func<Task> Inject)>();
        for (var i = 0; i < options.Kills; i++)
        {
            planned.Add((Draw(last), () => KillHostAsync(clock, cancellationToken)));
        }

        for (var i = 0; i < options.AzuriteRestarts; i++)
        {
            planned.Add((Draw(last), () => RestartAzuriteAsync(clock, cancellationToken)));
        }

        var outageAt = Draw(options.CaptureWindow);
        var outage = options.Outage > TimeSpan.Zero
            ? RunAtAsync(outageAt, () => StopServiceBusAsync(options.Outage, clock, cancellationToken), clock, cancellationToken)
            : Task.CompletedTask;
        await Task.WhenAll(planned.Select(p => RunAtAsync(p.At, p.Inject, clock, cancellationToken)).Append(outage));
    }

    public void Dispose() => oneRestartAtATime.Dispose();

    private static async Task RunAtAsync(TimeSpan at, Func<Task> inject, Stopwatch clock, CancellationToken cancellationToken)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        await inject();
    }

    private async Task KillHostAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        await oneRestartAtATime.WaitAsync(cancellationToken);
        try
        {
            var at = clock.Elapsed;
            var open = openEvents();
            log.WriteLine($"[{at.TotalSeconds,6:0.0}s] SIGKILL the local host ({open.Count} events open)");
            var down = await host.KillAndRestartAsync(cancellationToken);
            log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] local host serving again after {down.TotalSeconds:0.0} s");
            Record(new FaultRecord(FaultKind.HostKill, at, down, open));
        }
        finally
        {
            oneRestartAtATime.Release();
        }
    }

    private async Task RestartAzuriteAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        await oneRestartAtATime.WaitAsync(cancellationToken);
        try
        {
            var at = clock.Elapsed;
            var open = openEvents();
            log.WriteLine($"[{at.TotalSeconds,6:0.0}s] restart Azurite ({open.Count} events open)");
            var down = Stopwatch.StartNew();
            await azurite.RestartAsync(cancellationToken);
            log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] Azurite listening again after {down.Elapsed.TotalSeconds:0.0} s");
            Record(new FaultRecord(FaultKind.AzuriteRestart, at, down.Elapsed, open));
        }
        finally
        {
            oneRestartAtATime.Release();
        }
    }

    private async Task StopServiceBusAsync(TimeSpan duration, Stopwatch clock, CancellationToken cancellationToken)
    {
        var at = clock.Elapsed;
        var open = openEvents();
        log.WriteLine($"[{at.TotalSeconds,6:0.0}s] Service Bus endpoint down for {duration.TotalSeconds:0} s ({open.Count} events open)");
        await broker.SuspendAsync();
        try
        {
            await Task.Delay(duration, cancellationToken);
        }
        finally
        {
            await broker.ResumeAsync(CancellationToken.None);
        }

        log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] Service Bus endpoint back");
        // Events captured during the outage met it too.
        Record(new FaultRecord(FaultKind.ServiceBusOutage, at, duration, [.. open.Union(openEvents())]));
    }
}
