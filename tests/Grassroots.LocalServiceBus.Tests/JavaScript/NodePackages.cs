using System.Diagnostics;

namespace Grassroots.LocalServiceBus.Tests.JavaScript;

/// <summary>
/// The repository's npm packages (package.json + package-lock.json), installed with <c>npm ci</c> when missing, the way
/// the local host installs Azurite, so the JavaScript SDK a test runs is the locked version and nothing else.
/// </summary>
internal static class NodePackages
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Installs the locked packages unless <paramref name="package"/> is already there.</summary>
    public static async Task EnsureInstalledAsync(string package)
    {
        var marker = Path.Combine(RepositoryRoot, "node_modules", package, "package.json");
        if (File.Exists(marker))
        {
            return;
        }

        // npm ci empties node_modules first; another test process (the local host installing Azurite) may be doing
        // the same in the same checkout, so installs queue behind a lock file both can see.
        await using var gate = await AcquireInstallLockAsync();
        if (File.Exists(marker))
        {
            return;
        }

        var (exitCode, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], InstallTimeout);
        if (exitCode != 0 || !File.Exists(marker))
        {
            throw new InvalidOperationException($"npm ci failed with exit code {exitCode}: {error}{output}");
        }
    }

    /// <summary>Runs a program in the repository root; the exit code and what it wrote to stdout and to stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}: {await error}{await output}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static async Task<FileStream> AcquireInstallLockAsync()
    {
        var path = Path.Combine(RepositoryRoot, "node_modules.install-lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")) && File.Exists(Path.Combine(directory.FullName, "package-lock.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Serverless.sln + package-lock.json) above " + AppContext.BaseDirectory);
    }
}
