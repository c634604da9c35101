using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// README.md's "Try it as staff" block, run as it stands against a local host: the Bantou case from capture to close
/// with curl, as the unit head, grid worker, community, street centre and housing bureau. Only the address (the test
/// host's free port) and the way the principal verb is started (the built assembly instead of <c>dotnet run</c>, which
/// would rebuild beside the test run) are swapped.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed partial class TryItAsStaffTests
{
    private const string RunVerb = "dotnet run --no-build --project tools/Grassroots.LocalHost --";

    [Fact]
    public async Task The_readme_walk_takes_the_Bantou_case_from_capture_through_the_housing_bureau_to_closed()
    {
        await using var host = await TestHost.StartAsync();
        var block = ReadmeBlock();
        Assert.Contains(RunVerb, block, StringComparison.Ordinal);
        Assert.Contains(LocalFunctionsHost.DefaultUrl, block, StringComparison.Ordinal);
        var script = block
            .Replace(LocalFunctionsHost.DefaultUrl, host.Host.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace(RunVerb, $"dotnet \"{typeof(LocalFunctionsHost).Assembly.Location}\"", StringComparison.Ordinal);

        var (exitCode, output) = await RunBashAsync(script, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, output);
        var eventId = EventLine().Match(output).Groups[1].Value;
        Assert.True(eventId.StartsWith("EV", StringComparison.Ordinal), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var closed = JsonNode.Parse(lines[^2])!;
        Assert.Equal(("resolved", "fixed", "town"), (closed["status"]!.GetValue<string>(), closed["outcome"]!.GetValue<string>(), closed["resolvedTier"]!.GetValue<string>()));
        Assert.Equal(
            ["captured", "arrived", "review-requested", "escalated", "arrived", "review-requested", "escalated", "arrived", "review-requested", "escalated",
             "arrived", "review-requested", "dispatched", "department-acknowledged", "department-resolved", "resolved"],
            closed["steps"]!.AsArray().Select(s => s!.GetValue<string>()).TakeWhile(k => k != "follow-up-requested"));
        var stats = JsonNode.Parse(lines[^1])!;
        Assert.Equal(1, stats["captured"]!.GetValue<long>());
        Assert.Equal(1, stats["closed"]!.GetValue<long>());
        // Every review and report was accepted the first time: the walk never needed a retry.
        Assert.Equal(6, Regex.Count(output, "\"status\":\"accepted\""));
    }

    private static string ReadmeBlock()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        var section = readme[readme.IndexOf("## Try it as staff", StringComparison.Ordinal)..];
        var match = BashBlock().Match(section);
        Assert.True(match.Success, "README.md's 'Try it as staff' section has no bash block.");
        return match.Groups[1].Value;
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^event (\S+)$", RegexOptions.Multiline)]
    private static partial Regex EventLine();
}
