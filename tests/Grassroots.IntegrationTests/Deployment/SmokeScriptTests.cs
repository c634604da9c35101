using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Messaging.ServiceBus;
using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.Deployment;

/// <summary>
/// infra/scripts/smoke.sh cannot reach Azure here, so its logic runs against the local host in development principal
/// mode, with function and admin keys enforced as in Azure. What it skips locally (reading the department queue over
/// Service Bus REST) this test checks with the Service Bus client instead.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed partial class SmokeScriptTests
{
    private const string FunctionKey = "smoke-function-key";
    private const string MasterKey = "smoke-master-key";

    private static readonly string[] ProvedInOrder =
    [
        "development principal", "health", "anonymous review refused", "directory import", "capture", "read",
        "review at unit", "review at grid", "review at community", "review at town", "dispatched",
        "department reads its event", "department acknowledges", "event closed",
    ];

    [Fact]
    public async Task The_smoke_script_takes_an_event_from_capture_to_a_department_and_closed_and_says_what_it_skipped()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalHost:FunctionKey"] = FunctionKey,
            ["LocalHost:MasterKey"] = MasterKey,
        });

        var run = await RunSmokeAsync(host.Host.BaseAddress);

        Assert.True(run.ExitCode == 0, run.Output);
        var proved = OkLine().Matches(run.Output).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ProvedInOrder, proved);
        Assert.Contains("skip  api service principal: development mode", run.Output, StringComparison.Ordinal);
        Assert.Contains("skip  department queue: development mode", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok    department acknowledges: 202", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok    event closed: resolved (fixed) at town", run.Output, StringComparison.Ordinal);
        Assert.Contains("PROVED: " + string.Join("; ", ProvedInOrder) + "\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("SKIPPED: api service principal; department queue\n", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"smoke: passed \(14 checks, 2 skipped\)", run.Output);

        // What the script skips: the dispatch is on the department's queue (the local endpoint has no peek: receive under lock).
        var eventId = CapturedEvent().Match(run.Output).Groups[1].Value;
        await using var serviceBus = new ServiceBusClient(host.Host.ServiceBus!.ConnectionString);
        await using var receiver = serviceBus.CreateReceiver("dept-chengxiang-housing");
        var messages = await receiver.ReceiveMessagesAsync(maxMessages: 10, maxWaitTime: TimeSpan.FromSeconds(5));
        Assert.Contains(messages, m => m.MessageId.StartsWith(eventId + ":", StringComparison.Ordinal) && m.Body.ToString().Contains(eventId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_smoke_script_stops_at_the_first_failure_and_names_it()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalHost:FunctionKey"] = FunctionKey,
            ["LocalHost:MasterKey"] = MasterKey,
        });

        var run = await RunSmokeAsync(host.Host.BaseAddress, masterKey: "not-the-master-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL  directory import: 401", run.Output, StringComparison.Ordinal);
        Assert.Contains("smoke: FAILED at 'directory import' (3 checks passed before it)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("capture", run.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunSmokeAsync(Uri baseAddress, string masterKey = MasterKey)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "infra", "scripts", "smoke.sh");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--auth", "development", "--base-url", baseAddress.ToString(), "--timeout", "90" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SMOKE_FUNCTION_KEY"] = FunctionKey;
        start.Environment["SMOKE_MASTER_KEY"] = masterKey;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^ok    ([^:]+):", RegexOptions.Multiline)]
    private static partial Regex OkLine();

    [GeneratedRegex(@"^ok    capture: \d+ event (\S+) ", RegexOptions.Multiline)]
    private static partial Regex CapturedEvent();
}
