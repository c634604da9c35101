using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grassroots.LocalHost;

/// <summary>
/// An Azurite of one run's own on free ports, never the shared 10000-10002: a benchmark's half a million events or a
/// fault-injection run's restarts must not land in anyone else's emulator. In memory, or persisted in a folder so that
/// it can be stopped and started again on the same ports with the same data, as a restarted storage service would be.
/// Stopped when disposed.
/// </summary>
public sealed class PrivateAzurite : IDisposable
{
    /// <summary>Azurite's well-known development account key (published in its documentation; not a secret).</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string script;
    private readonly string? location;
    private readonly int? maxHeapMegabytes;
    private readonly (int Blob, int Queue, int Table) ports;
    private Process? process;

    private PrivateAzurite(string script, string? location, int? maxHeapMegabytes, (int, int, int) ports)
    {
        this.script = script;
        this.location = location;
        this.maxHeapMegabytes = maxHeapMegabytes;
        this.ports = ports;
    }

    /// <summary>
    /// CPU time the store's process has used since it (last) started: what a benchmark compares its work against, since
    /// Azurite answers every request on one thread.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var running = process ?? throw new InvalidOperationException("Azurite is not running.");
            running.Refresh();
            return running.TotalProcessorTime;
        }
    }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevelopmentKey +
        $";BlobEndpoint=http://127.0.0.1:{ports.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports.Queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{ports.Table}/devstoreaccount1;";

    /// <param name="location">Folder for persisted state, or null for in-memory state.</param>
    /// <param name="maxHeapMegabytes">Node's heap limit, for stores larger than node's default allows.</param>
    public static async Task<PrivateAzurite> StartAsync(string repositoryRoot, string? location = null, int? maxHeapMegabytes = null, CancellationToken cancellationToken = default)
    {
        var script = await AzuriteServer.EnsureInstalledAsync(repositoryRoot, NullLogger.Instance, cancellationToken);
        var azurite = new PrivateAzurite(script, location, maxHeapMegabytes, (FreePort(), FreePort(), FreePort()));
        await azurite.StartProcessAsync(cancellationToken);
        return azurite;
    }

    /// <summary>
    /// Stops the process as a service restart would (SIGTERM: Azurite closes its servers and saves its store) and starts
    /// it again on the same ports and folder. A SIGKILL would lose the writes of the last seconds, which no real
    /// storage service does, so it would test Azurite's persistence rather than the app.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (process is { HasExited: false } running && !OperatingSystem.IsWindows())
        {
            using var terminate = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", running.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (terminate is not null)
            {
                await terminate.WaitForExitAsync(cancellationToken);
            }

            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                await running.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not gone in time: the kill below ends it.
            }
        }

        Stop();
        await StartProcessAsync(cancellationToken);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (maxHeapMegabytes is { } heap)
        {
            start.ArgumentList.Add("--max-old-space-size=" + heap.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var argument in new[]
                 {
                     script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", ports.Blob.ToString(CultureInfo.InvariantCulture),
                     "--queuePort", ports.Queue.ToString(CultureInfo.InvariantCulture),
                     "--tablePort", ports.Table.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            while (!await AcceptsAsync(port))
            {
                if (DateTime.UtcNow > deadline || process.HasExited)
                {
                    Stop();
                    throw new InvalidOperationException("Azurite did not start listening.");
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private void Stop()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
