using System.Globalization;
using System.Text;

namespace Grassroots.FaultInjection;

/// <summary>The run's findings as Markdown: the checks first, then the faults and what they touched, then every event.</summary>
public static class RunReport
{
    public static string Markdown(FaultRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Options;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"# Fault-injection run {result.RunId}: {(result.Passed ? "PASSED" : "FAILED")}");
        Line();
        Line($"{o.Events} events over {o.CaptureWindow.TotalSeconds:0} s, review time {o.ReviewTime.TotalSeconds:0} s per tier, seed {o.Seed}" +
             $"{(o.Small ? " (--small)" : "")}; {o.Kills} SIGKILLs of the local host, a {o.Outage.TotalSeconds:0} s Service Bus outage, " +
             $"{o.AzuriteRestarts} Azurite restart(s), dispatches to a department without a queue. Run took {result.Duration.TotalSeconds:0} s; " +
             $"{result.HttpRetries} HTTP requests retried after a failure; the local host exited by itself {result.UnplannedHostExits} time(s).");
        Line();
        Line($"An actor waits at most {o.ScriptBudget.TotalSeconds:0} s for its script (ten review times, a minute, the outage), plus, for every kill " +
             $"or Azurite restart after it started, the time down and {FaultDriver.EngineRecovery.TotalSeconds:0} s for the engine to get back the " +
             "messages and partitions the lost process held; then it gives up and the state check judges where the event is.");
        Line();
        Line("## Checks");
        Line();
        Line("| check | result | summary |");
        Line("|---|---|---|");
        foreach (var check in result.Checks)
        {
            Line($"| {check.Name} | {(check.Passed ? "pass" : "**FAIL**")} | {Cell(check.Summary)} |");
        }

        foreach (var check in result.Checks.Where(c => c.Details.Count > 0))
        {
            Line();
            Line($"### {check.Name}");
            Line();
            foreach (var detail in check.Details)
            {
                Line("- " + detail);
            }
        }

        Line();
        Line("## Faults injected");
        Line();
        Line("| # | fault | at (s) | down (s) | events affected (open then) | of those repaired |");
        Line("|---|---|---|---|---|---|");
        var number = 0;
        foreach (var fault in result.Faults.OrderBy(f => f.Kind == FaultKind.QueuelessDispatch).ThenBy(f => f.At))
        {
            var at = fault.Kind == FaultKind.QueuelessDispatch ? "during the run" : fault.At.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            Line($"| {++number} | {Name(fault.Kind)} | {at} | {fault.Down.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} | " +
                 $"{fault.OpenEvents.Count} | {fault.OpenEvents.Count(result.RepairedEvents.Contains)} |");
        }

        var affected = result.Faults.SelectMany(f => f.OpenEvents).ToHashSet(StringComparer.Ordinal);
        Line($"| | **all faults** | | | **{affected.Count}** distinct events | **{affected.Count(result.RepairedEvents.Contains)}** |");
        Line();
        Line($"Events with a `repaired` timeline step: {result.RepairedEvents.Count}.");
        Line();
        Line("## Events");
        Line();
        Line("| # | event | script | expected | actor |");
        Line("|---|---|---|---|---|");
        foreach (var record in result.Records)
        {
            var actor = record.GaveUp ?? "played through";
            if (record.HeldBack is not null)
            {
                actor += "; held back: " + record.HeldBack;
            }

            Line($"| {record.Script.Number} | {record.EventId ?? "—"} | {Cell(record.Script.Describe())} | {record.Script.Expected} | {Cell(actor)} |");
        }

        return text.ToString();
    }

    private static string Name(FaultKind kind) => kind switch
    {
        FaultKind.HostKill => "SIGKILL local host, restart",
        FaultKind.ServiceBusOutage => "Service Bus endpoint stopped",
        FaultKind.AzuriteRestart => "Azurite stopped and restarted (same ports and folder)",
        FaultKind.QueuelessDispatch => "dispatch to a department without a queue",
        _ => kind.ToString(),
    };

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
