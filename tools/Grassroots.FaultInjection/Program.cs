using Grassroots.FaultInjection;

// Issue #13's fault-injection run: scripted actors drive events over HTTP while the local host is killed, Service Bus
// goes away and Azurite restarts; then every check is printed and written to a Markdown file. Exit code 1 when any fails.
FaultRunOptions options;
try
{
    options = FaultRunOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var result = await FaultRun.RunAsync(options, Console.Out, stop.Token);
var report = RunReport.Markdown(result);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {Path.GetFullPath(options.Output)}");
return result.Passed ? 0 : 1;
