using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.LocalHost;

/// <summary>
/// The durable engine Durable Functions uses in Azure by default (the Azure Storage provider), served to the
/// Microsoft.DurableTask worker and client over the in-process gRPC sidecar, as the Functions host serves the isolated worker.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly WebApplication sidecar;
    private readonly AzureStorageOrchestrationService service;
    private readonly ILoggerFactory loggerFactory;

    private DurableEngine(WebApplication sidecar, AzureStorageOrchestrationService service, GrpcChannel channel, ILoggerFactory loggerFactory)
    {
        this.sidecar = sidecar;
        this.service = service;
        this.loggerFactory = loggerFactory;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public static async Task<DurableEngine> StartAsync(string storageConnectionString, HostSettings hostSettings, IConfiguration loggingConfiguration, CancellationToken cancellationToken)
    {
        // The sidecar's own start-up lines (its loopback port) would only be mistaken for the app's address.
        var loggerFactory = LoggerFactory.Create(logging => logging
            .AddConfiguration(loggingConfiguration)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            // Its loopback listener replaces whatever ASPNETCORE_URLS names (meant for the app), and Kestrel warns about that.
            .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error)
            .AddSimpleConsole(o => o.SingleLine = true));
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = hostSettings.HubName,
            MaxQueuePollingInterval = hostSettings.MaxQueuePollingInterval,
            LoggerFactory = loggerFactory,
        };
        if (hostSettings.WorkItemQueueVisibilityTimeout is { } workItemTimeout)
        {
            settings.WorkItemQueueVisibilityTimeout = workItemTimeout;
        }

        if (hostSettings.ControlQueueVisibilityTimeout is { } controlTimeout)
        {
            settings.ControlQueueVisibilityTimeout = controlTimeout;
        }

        if (hostSettings.PartitionCount is { } partitions)
        {
            settings.PartitionCount = partitions;
        }

        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);

        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DurableEngine(sidecar, service, GrpcChannel.ForAddress(address), loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        var started = await StopProviderAsync();
        Channel.Dispose();
        // The sidecar starts the provider only once a worker connects, yet on shutdown it stops it whether it started or
        // not, from a callback nobody awaits: a provider that never started throws there and ends the whole process (a
        // host that failed during start-up, before its worker connected). So the sidecar is shut down only after the
        // provider did start; otherwise it is disposed without its shutdown callbacks.
        if (started)
        {
            await sidecar.StopAsync();
        }

        await sidecar.DisposeAsync();
        loggerFactory.Dispose();
    }

    /// <summary>
    /// Stops the storage provider ourselves and waits for it: it drains and releases the task hub's leases, so a host
    /// started next takes them over at once. False when it never started (it throws NullReferenceException then, and
    /// while its start is under way; such a start gets two seconds to finish).
    /// </summary>
    private async Task<bool> StopProviderAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await service.StopAsync(isForced: false);
                return true;
            }
            catch (NullReferenceException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
            catch (NullReferenceException)
            {
                return false;
            }
        }
    }
}
