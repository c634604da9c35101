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
        // Stop the storage provider ourselves and wait for it: it drains and releases the task hub's leases, so a host
        // started next takes them over at once. The sidecar would only start that stop on shutdown, without waiting.
        try
        {
            await service.StopAsync(isForced: false);
        }
        catch (NullReferenceException)
        {
            // The provider's app-lease manager throws this when stopped before its start finished (a host that failed
            // during start-up); there is then nothing to release.
        }

        Channel.Dispose();
        await sidecar.StopAsync();
        await sidecar.DisposeAsync();
        loggerFactory.Dispose();
    }
}
