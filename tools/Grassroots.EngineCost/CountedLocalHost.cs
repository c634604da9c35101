using Grassroots.LocalHost;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;

namespace Grassroots.EngineCost;

/// <summary>
/// The local host in this process with every storage request going through a counting proxy in front of Azurite: how
/// the engine-cost command and the simulator run the pipeline and see what it costs.
/// </summary>
public static class CountedLocalHost
{
    /// <param name="settings">The caller's own settings (review time, follow-up window, log levels…), over the common ones.</param>
    /// <param name="tasks">Durable tasks of the caller's own, run by the same engine (the bare orchestration), or null.</param>
    public static async Task<(CountingStorageProxy Proxy, LocalFunctionsHost Host)> StartAsync(
        string azuriteConnectionString, string hub, string prefix, IReadOnlyDictionary<string, string?> settings, Action<DurableTaskRegistry>? tasks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var proxy = await CountingStorageProxy.StartAsync(azuriteConnectionString, hub, prefix);
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = proxy.ConnectionString,
            ["GrassrootsTables"] = proxy.ConnectionString,
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = hub,
            ["Grassroots:TablePrefix"] = prefix,
            ["Grassroots:Auth:Mode"] = "Development",
            ["LocalHost:ServiceBusPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            // The storage client logs every 404 (a lookup of what is not there yet) as a warning.
            ["Logging:LogLevel:Azure.Core"] = "Error",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        try
        {
            var host = await LocalFunctionsHost.StartAsync([], builder => builder.Configuration.AddInMemoryCollection(configuration), tasks, cancellationToken);
            return (proxy, host);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }
}
