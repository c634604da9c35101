using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Grassroots.LocalHost;

/// <summary>
/// Azurite, the local Table/Queue/Blob server, from the repository's own package.json.
/// Reused when something already listens on its ports; otherwise installed (npm ci) and started here,
/// and then stopped again by whoever started it.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>What <see cref="DevelopmentConnectionString"/> stands for, spelled out for tools that do not know the shorthand.</summary>
    public const string FullDevelopmentConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + PrivateAzurite.DevelopmentKey +
        ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";
    private static readonly int[] Ports = [10000, 10001, 10002];
    private readonly Process? process;
    private readonly ILogger logger;

    private AzuriteServer(Process? process, ILogger logger)
    {
        this.process = process;
        this.logger = logger;
    }

    /// <summary>True when this instance started the process (and so stops it).</summary>
    public bool StartedHere => process is not null;

    /// <param name="location">Folder for persisted state, or null for in-memory state (Azurite refuses both at once).</param>
    public static async Task<AzuriteServer> EnsureRunningAsync(string repositoryRoot, string? location, ILogger logger, CancellationToken cancellationToken)
    {
        var listening = await Task.WhenAll(Ports.Select(IsListeningAsync));
        if (listening.All(l => l))
        {
            logger.LogDebug("Azurite already listening on 127.0.0.1:{Ports}; reusing it", string.Join(',', Ports));
            return new AzuriteServer(null, logger);
        }

        if (listening.Any(l => l))
        {
            throw new InvalidOperationException(
                $"Only some of Azurite's ports ({string.Join(", ", Ports)}) are taken; stop whatever holds them or start Azurite fully.");
        }

        var script = await EnsureInstalledAsync(repositoryRoot, logger, cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1" })
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { logger.LogDebug("azurite: {Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logger.LogWarning("azurite: {Line}", e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, logger);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await Task.WhenAll(Ports.Select(IsListeningAsync))).All(l => l))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("Azurite did not start listening within 60 s (is Node.js 20+ on PATH?).");
            }

            await Task.Delay(200, cancellationToken);
        }

        logger.LogDebug("Started Azurite ({Persistence}), pid {Pid}", location ?? "in memory", process.Id);
        return server;
    }

    /// <returns>The path of azurite.js, after installing the repository's npm packages (npm ci) when any is missing.</returns>
    internal static async Task<string> EnsureInstalledAsync(string repositoryRoot, ILogger logger, CancellationToken cancellationToken)
    {
        await NodePackages.EnsureInstalledAsync(repositoryRoot, logger, cancellationToken);
        return Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            logger.LogDebug("Stopped Azurite");
        }

        process.Dispose();
    }
}
