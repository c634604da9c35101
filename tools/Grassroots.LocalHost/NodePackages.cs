using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Grassroots.LocalHost;

/// <summary>
/// The repository's npm packages (package.json + package-lock.json), installed with <c>npm ci</c> when any of them is
/// missing. The one install routine of the checkout: the local host (Azurite) and the tests that run a JavaScript SDK
/// all come here, because <c>npm ci</c> empties <c>node_modules</c> first. Two test projects run in parallel on a fresh
/// clone; if each installed only the package it wanted, one's <c>npm ci</c> would delete the other's Azurite while it
/// runs. So the check is "every package package.json names is there", and check and install happen under a lock file
/// every process sees (an OS file lock, released by the OS if the holder dies).
/// </summary>
public static class NodePackages
{
    public const string LockFileName = "node_modules.install-lock";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Installs the locked packages unless every package package.json names is already installed.</summary>
    public static Task EnsureInstalledAsync(string repositoryRoot, ILogger logger, CancellationToken cancellationToken) =>
        EnsureInstalledAsync(repositoryRoot, "npm", logger, cancellationToken);

    /// <param name="npm">The npm program; tests put a recording stand-in here.</param>
    /// <returns>True when this call ran the install.</returns>
    internal static async Task<bool> EnsureInstalledAsync(string repositoryRoot, string npm, ILogger logger, CancellationToken cancellationToken)
    {
        // Checked under the lock too, never before it: a package.json that exists may belong to an install still running.
        using var held = await AcquireLockAsync(repositoryRoot, cancellationToken);
        var missing = Missing(repositoryRoot);
        if (missing.Count == 0)
        {
            return false;
        }

        logger.LogInformation("Installing the npm packages from package-lock.json (npm ci); missing: {Missing}", string.Join(", ", missing));
        var (exitCode, output, error) = await RunAsync(repositoryRoot, npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], InstallTimeout, cancellationToken);
        missing = Missing(repositoryRoot);
        if (exitCode != 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"npm ci failed with exit code {exitCode} (still missing: {string.Join(", ", missing)}); is Node.js 20+ with npm on PATH? {error}{output}");
        }

        return true;
    }

    /// <summary>The packages package.json names (dependencies and devDependencies) that node_modules lacks, or holds in another version than an exact pin.</summary>
    public static IReadOnlyList<string> Missing(string repositoryRoot)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "package.json")));
        var missing = new List<string>();
        foreach (var section in new[] { "dependencies", "devDependencies" })
        {
            if (!manifest.RootElement.TryGetProperty(section, out var packages))
            {
                continue;
            }

            foreach (var package in packages.EnumerateObject())
            {
                if (!IsInstalled(repositoryRoot, package.Name, package.Value.GetString() ?? ""))
                {
                    missing.Add(package.Name);
                }
            }
        }

        return missing;
    }

    /// <summary>Runs a program in the repository root; the exit code and what it wrote to stdout and to stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string repositoryRoot, string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{program} did not finish within {timeout}: {await error}{await output}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static bool IsInstalled(string repositoryRoot, string name, string wanted)
    {
        var path = Path.Combine([repositoryRoot, "node_modules", .. name.Split('/'), "package.json"]);
        if (!File.Exists(path))
        {
            return false;
        }

        // A range is satisfied by whatever the lock file put there; an exact pin must match, or a bumped pin is never installed.
        var exact = wanted.Length > 0 && char.IsAsciiDigit(wanted[0]) && wanted.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+');
        if (!exact)
        {
            return true;
        }

        try
        {
            using var installed = JsonDocument.Parse(File.ReadAllText(path));
            return installed.RootElement.TryGetProperty("version", out var version) && version.GetString() == wanted;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // No DeleteOnClose: deleting the file on release lets a waiter lock a fresh file while a third still holds the old one.
    private static async Task<FileStream> AcquireLockAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var path = Path.Combine(repositoryRoot, LockFileName);
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}
