using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// The local host as its own operating-system process (the built tools/Grassroots.LocalHost), on a free port, with its
/// own task hub and table prefix on the shared Azurite, so a test can kill it as a crash would: SIGKILL, no drain.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly List<string> output = [];
    private Process? process;

    private LocalHostProcess(Dictionary<string, string> environment, string name)
    {
        this.environment = environment;
        Name = name;
    }

    public string Name { get; }

    public TestHost Client { get; private set; } = null!;

    /// <summary>Lines written to stdout and stderr by every run of the process so far.</summary>
    public int LineCount
    {
        get
        {
            lock (output)
            {
                return output.Count;
            }
        }
    }

    /// <summary>Every line written so far, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (output)
        {
            return [.. output];
        }
    }

    /// <param name="settings">App settings as environment variables (<c>Grassroots__FixedReviewDuration</c>, …).</param>
    public static async Task<LocalHostProcess> StartAsync(IDictionary<string, string> settings)
    {
        var name = "P" + Guid.NewGuid().ToString("N")[..12];
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = name,
            ["Grassroots__TablePrefix"] = name,
            ["LocalHost__AzuriteLocation"] = "memory",
            // A free port: tests run side by side, and the fixed default may be held by a developer's own local host.
            ["LocalHost__ServiceBusPort"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var host = new LocalHostProcess(environment, name);
        await host.StartProcessAsync();
        return host;
    }

    /// <summary>SIGKILL: the engine gets no chance to finish work, release leases or settle queue messages.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Client.Http.Dispose();
    }

    /// <summary>What Ctrl+C in a terminal does: SIGINT to the process, then waits for it to exit.</summary>
    /// <returns>How long the process took to exit, and its exit code; the wait gives up after <paramref name="patience"/>.</returns>
    public async Task<(TimeSpan Took, int? ExitCode)> InterruptAsync(TimeSpan patience)
    {
        var running = process ?? throw new InvalidOperationException("Not started.");
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return (clock.Elapsed, null);
        }

        Client.Http.Dispose();
        return (clock.Elapsed, running.ExitCode);
    }

    /// <summary>Starts the host again on a new port, on the same task hub and tables.</summary>
    public Task RestartAsync() => StartProcessAsync();

    private async Task StartProcessAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [LocalHostAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Client = TestHost.Remote(address, Name);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(process.HasExited, $"The local host process exited with {(process.HasExited ? process.ExitCode : 0)}:\n{Output()}");
            try
            {
                using var health = await Client.Http.GetAsync("/api/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The local host process did not answer /api/health in time:\n" + Output());
            await Task.Delay(250);
        }
    }

    public string Output()
    {
        lock (output)
        {
            return string.Join("\n", output.TakeLast(60));
        }
    }

    private void Remember(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    /// <summary>The host built beside this test assembly's configuration (Debug or Release) by the project reference.</summary>
    private static string LocalHostAssembly()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (configuration, framework) = (testDirectory.Parent!.Name, testDirectory.Name);
        var path = Path.Combine(RepositoryRoot.Find(), "tools", "Grassroots.LocalHost", "bin", configuration, framework, "Grassroots.LocalHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tools/Grassroots.LocalHost first.", path);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing to drain in a test's own hub: a kill is as good as a stop here.
        await KillAsync();
        process?.Dispose();
    }
}
