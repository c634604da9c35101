using System.Diagnostics;
using Grassroots.LocalHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grassroots.Functions.Tests.LocalHost;

/// <summary>
/// Test projects run in parallel on a fresh clone and <c>npm ci</c> empties node_modules: installs must queue behind one
/// lock every process sees, and a checkout counts as installed only when every package of package.json is there.
/// npm is a recording stand-in here (a shell script), so these run without Node and without the registry.
/// </summary>
public sealed class NodePackagesTests : IDisposable
{
    private readonly string checkout = System.IO.Directory.CreateTempSubdirectory("grassroots-npm-").FullName;
    private readonly string npm;
    private readonly string log;

    public NodePackagesTests()
    {
        File.WriteAllText(Path.Combine(checkout, "package.json"),
            """{ "private": true, "devDependencies": { "azurite": "3.37.0", "@azure/service-bus": "7.9.5" } }""");
        log = Path.Combine(checkout, "npm.log");
        npm = Path.Combine(checkout, "fake-npm.sh");

        // Like npm ci: empties node_modules, takes a while, then writes every package.
        File.WriteAllText(npm, $"""
            #!/bin/sh
            echo "start $$" >> '{log}'
            rm -rf node_modules
            sleep 0.4
            mkdir -p node_modules/azurite node_modules/@azure/service-bus
            echo '{"{"} "version": "3.37.0" {"}"}' > node_modules/azurite/package.json
            echo '{"{"} "version": "7.9.5" {"}"}' > node_modules/@azure/service-bus/package.json
            echo "end $$" >> '{log}'
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Two_installs_at_once_on_a_fresh_checkout_run_npm_ci_once()
    {
        var installs = await Task.WhenAll(
            Task.Run(() => NodePackages.EnsureInstalledAsync(checkout, npm, NullLogger.Instance, CancellationToken.None)),
            Task.Run(() => NodePackages.EnsureInstalledAsync(checkout, npm, NullLogger.Instance, CancellationToken.None)));

        Assert.Equal(1, installs.Count(ran => ran));
        Assert.Equal(2, File.ReadAllLines(log).Length);
        Assert.Empty(NodePackages.Missing(checkout));
    }

    [Fact]
    public async Task A_checkout_that_has_azurite_but_not_every_package_is_installed_again()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(checkout, "node_modules", "azurite"));
        File.WriteAllText(Path.Combine(checkout, "node_modules", "azurite", "package.json"), """{ "version": "3.37.0" }""");

        Assert.Equal(["@azure/service-bus"], NodePackages.Missing(checkout));
        Assert.True(await NodePackages.EnsureInstalledAsync(checkout, npm, NullLogger.Instance, CancellationToken.None));
        Assert.False(await NodePackages.EnsureInstalledAsync(checkout, npm, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public void A_package_in_another_version_than_its_exact_pin_counts_as_missing()
    {
        foreach (var (name, version) in new[] { ("azurite", "3.36.0"), ("@azure/service-bus", "7.9.5") })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(checkout, "node_modules", name));
            File.WriteAllText(Path.Combine(checkout, "node_modules", name, "package.json"), $$"""{ "version": "{{version}}" }""");
        }

        Assert.Equal(["azurite"], NodePackages.Missing(checkout));
    }

    [Fact]
    public async Task An_install_waits_for_another_process_holding_the_install_lock()
    {
        var lockFile = Path.Combine(checkout, NodePackages.LockFileName);
        var released = Path.Combine(checkout, "released");
        using var other = Process.Start(new ProcessStartInfo("flock")
        {
            ArgumentList = { lockFile, "sh", "-c", $"sleep 1.5; touch '{released}'" },
            UseShellExecute = false,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!IsLockedByAnother(lockFile) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(IsLockedByAnother(lockFile), "the other process never took the lock");
        Assert.True(await NodePackages.EnsureInstalledAsync(checkout, npm, NullLogger.Instance, CancellationToken.None));

        // npm ran only after the other process had let go of the lock.
        Assert.True(File.Exists(released));
        Assert.True(File.GetLastWriteTimeUtc(released) <= File.GetLastWriteTimeUtc(Path.Combine(checkout, "node_modules", "azurite", "package.json")));
        await other.WaitForExitAsync();
    }

    private static bool IsLockedByAnother(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => System.IO.Directory.Delete(checkout, recursive: true);
}
