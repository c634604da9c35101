using System.Diagnostics;
using System.Net;

namespace Grassroots.FaultInjection;

/// <summary>
/// The local host as a child process (the built Grassroots.LocalHost.dll), configured only through environment
/// variables, so it can be killed with SIGKILL like a crashed worker and started again on the same port and stores.
/// An exit that this class did not cause is counted and the host is started again: a crash is a finding, not the end.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly TextWriter log;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? process;
    private bool stopping;
    private int unplannedExits;

    public LocalHostProcess(string dll, Uri baseAddress, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        this.dll = dll;
        this.environment = environment;
        this.log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Exits nobody asked for (the host crashed or stopped by itself).</summary>
    public int UnplannedExits => Volatile.Read(ref unplannedExits);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await StartLockedAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>SIGKILL (the whole process tree), then a fresh start on the same port; returns how long it was down.</summary>
    public async Task<TimeSpan> KillAndRestartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var down = Stopwatch.StartNew();
            KillLocked();
            await StartLockedAsync(cancellationToken);
            return down.Elapsed;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task StartLockedAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local host.");
        started.EnableRaisingEvents = true;
        started.OutputDataReceived += (_, _) => { };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine("  local host: " + e.Data);
            }
        };
        started.Exited += (_, _) => OnExited(started);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitUntilServingAsync(started, cancellationToken);
    }

    private void OnExited(Process exited)
    {
        if (Volatile.Read(ref stopping) || !ReferenceEquals(exited, Volatile.Read(ref process)))
        {
            return;
        }

        Interlocked.Increment(ref unplannedExits);
        log.WriteLine($"  local host exited by itself (code {exited.ExitCode}); starting it again");
        _ = Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                if (ReferenceEquals(exited, process) && !stopping)
                {
                    await StartLockedAsync(CancellationToken.None);
                }
            }
            catch (InvalidOperationException exception)
            {
                log.WriteLine("  local host could not be started again: " + exception.Message);
            }
            finally
            {
                gate.Release();
            }
        });
    }

    private async Task WaitUntilServingAsync(Process started, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"The local host exited with code {started.ExitCode} while starting.");
            }

            try
            {
                // Health answers 200 or 503 once the app serves requests; either means the host is up.
                using var response = await probe.GetAsync(new Uri(BaseAddress, "api/health"), cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The local host did not answer /api/health within 120 s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private void KillLocked()
    {
        var running = process;
        if (running is null)
        {
            return;
        }

        process = null;
        if (!running.HasExited)
        {
            // On Linux this is SIGKILL: no shutdown hooks, no flushing, as when a worker dies.
            running.Kill(entireProcessTree: true);
            running.WaitForExit(30_000);
        }

        running.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref stopping, true);
        await gate.WaitAsync();
        try
        {
            KillLocked();
        }
        finally
        {
            gate.Release();
        }

        probe.Dispose();
    }
}
