using Grassroots.LocalHost;

await using var host = await LocalFunctionsHost.StartAsync(args);
Console.WriteLine($"Grassroots local host listening on {host.BaseAddress}");
Console.WriteLine($"  health: {new Uri(host.BaseAddress, "api/health")}");
foreach (var function in host.Functions)
{
    Console.WriteLine($"  {function.Description.Name}: {function.Description.Trigger?.Type} {function.Description.Trigger?.Route}");
}

Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
