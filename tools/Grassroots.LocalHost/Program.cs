using Grassroots.LocalHost;

if (args.Length > 0 && args[0] == DevelopmentPrincipal.Verb)
{
    return DevelopmentPrincipal.Run(args, Console.Out, Console.Error);
}

await using var host = await LocalFunctionsHost.StartAsync(args);
// The banner is what a newcomer reads: where to call, and the connection strings another tool would need.
Console.WriteLine($"Grassroots local host: API {host.ApiAddress} (OpenAPI description: {new Uri(host.ApiAddress, "openapi.json")})");
foreach (var (name, value) in host.Endpoints)
{
    Console.WriteLine($"  {name}: {value}");
}

Console.WriteLine($"  Logs: events captured, escalated, dispatched, closed, deadlines missed, and warnings; {LocalFunctionsHost.VerboseSwitch} (or LocalHost__Verbose=true) shows everything");
Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
return 0;
