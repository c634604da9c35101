using System.Diagnostics;
using System.Reflection;

namespace Grassroots.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package (see the csproj).</summary>
public sealed class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private BicepCli(string path) => Path = path;

    public string Path { get; }

    public static BicepCli Locate()
    {
        var path = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepCliPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI was not found at '{path}'. It is restored by the PackageDownload item in Grassroots.Infra.Tests.csproj.");
        }

        // NuGet does not always keep the execute bit of files inside a package.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return new BicepCli(path);
    }

    public async Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = $"bicep {string.Join(' ', arguments)}";
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        using var timeout = new CancellationTokenSource(Timeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish within {Timeout}.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await standardOutput, await standardError);
    }
}
