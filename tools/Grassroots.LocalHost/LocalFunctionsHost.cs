using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.DirectoryImport;
using Grassroots.Functions;
using Grassroots.LocalServiceBus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.LocalHost;

/// <summary>
/// Runs the Functions app's own functions without Core Tools. Everything it serves comes from what the real
/// host reads too: functions.metadata for triggers, routes, methods and auth levels; host.json for the route
/// prefix, the task hub and queue polling; the app's composition root for services.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>
    /// The embedded Service Bus endpoint's port unless <c>LocalHost:ServiceBusPort</c> says otherwise: fixed, so a
    /// department's consumer keeps its connection string across restarts; one above AMQP's 5672, which a real broker
    /// or the official emulator on the same machine usually holds.
    /// </summary>
    public const int DefaultServiceBusPort = 5673;

    /// <summary>The command-line switch that lets every log through at Information (SDK requests, durable engine, hosting).</summary>
    public const string VerboseSwitch = "--verbose";

    private readonly WebApplication app;
    private readonly DurableEngine engine;
    private readonly AzuriteServer? azurite;
    private readonly EmbeddedServiceBus? serviceBus;

    private LocalFunctionsHost(
        WebApplication app, DurableEngine engine, AzuriteServer? azurite, EmbeddedServiceBus? serviceBus, IReadOnlyList<FunctionMethod> functions, HostSettings settings)
    {
        this.app = app;
        this.engine = engine;
        this.azurite = azurite;
        this.serviceBus = serviceBus;
        Functions = functions;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        ApiAddress = new Uri(BaseAddress, settings.RoutePrefix.Length == 0 ? "" : settings.RoutePrefix + "/");
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the HTTP functions answer: the base address and host.json's route prefix.</summary>
    public Uri ApiAddress { get; }

    /// <summary>What the host runs on, one line each, for its start-up banner: storage, Service Bus, the directory.</summary>
    public IReadOnlyList<(string Name, string Value)> Endpoints { get; private set; } = [];

    public IServiceProvider Services => app.Services;

    public IReadOnlyList<FunctionMethod> Functions { get; }

    /// <summary>The embedded Service Bus endpoint, when no real connection is configured; null while it is stopped.</summary>
    public LocalServiceBusBroker? ServiceBus => serviceBus?.Broker;

    /// <summary>The queues, topics and subscriptions of the embedded endpoint; null without one.</summary>
    public ServiceBusTopology? ServiceBusTopology => serviceBus?.Topology;

    /// <summary>Stops the embedded Service Bus endpoint, as an outage would (its messages are lost).</summary>
    public Task StopServiceBusAsync() => EmbeddedOnly().StopAsync();

    /// <summary>Starts the embedded endpoint again on the same port; the app's client reconnects by itself.</summary>
    public Task StartServiceBusAsync(CancellationToken cancellationToken = default) => EmbeddedOnly().StartAsync(cancellationToken);

    private EmbeddedServiceBus EmbeddedOnly() =>
        serviceBus ?? throw new InvalidOperationException("The local host runs no embedded Service Bus endpoint (a connection is configured, or LocalHost:ServiceBus is none).");

    /// <param name="configure">Lets a test add settings or services before the host is built.</param>
    public static Task<LocalFunctionsHost> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        StartAsync(args, configure, null, cancellationToken);

    /// <param name="configure">Lets a test add settings or services before the host is built.</param>
    /// <param name="tasks">Lets a tool register orchestrators and activities of its own beside the app's, on the same engine.</param>
    public static async Task<LocalFunctionsHost> StartAsync(
        string[] args, Action<WebApplicationBuilder>? configure, Action<DurableTaskRegistry>? tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbose = args.Contains(VerboseSwitch, StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a != VerboseSwitch).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT")
                ?? "Development",
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        if (verbose || string.Equals(configuration["LocalHost:Verbose"], "true", StringComparison.OrdinalIgnoreCase))
        {
            configuration["Logging:LogLevel:Default"] = "Information";
        }

        // One line per entry: the quiet console is read line by line, and a verbose one is grepped.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        using var bootLoggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var logger = bootLoggers.CreateLogger<LocalFunctionsHost>();

        var appDirectory = configuration["LocalHost:AppDirectory"] ?? AppContext.BaseDirectory;
        var hostSettings = HostSettings.Load(appDirectory, configuration);
        var functions = FunctionMetadata.Load(appDirectory).Select(f => FunctionMethod.Resolve(f, appDirectory)).ToList();

        var azurite = await StartAzuriteIfNeededAsync(configuration, logger, cancellationToken);
        DurableEngine? engine = null;
        EmbeddedServiceBus? broker = null;
        try
        {
            broker = await StartServiceBusIfNeededAsync(configuration, logger, cancellationToken);
            var storage = configuration["AzureWebJobsStorage"]
                ?? throw new InvalidOperationException("Setting 'AzureWebJobsStorage' is missing (the durable task hub's storage).");
            engine = await DurableEngine.StartAsync(storage, hostSettings, configuration.GetSection("Logging"), cancellationToken);

            builder.Services.AddGrassroots(configuration, builder.Environment);
            builder.Services.AddMvcCore();
            builder.Services.AddDurableTaskClient(client => client.UseGrpc(engine.Channel));
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(grpc =>
                {
                    grpc.Channel = engine.Channel;
                    // The in-process sidecar sends no health pings on an idle work-item stream, so the worker's
                    // silent-disconnect check would reconnect (and warn) every two minutes of quiet for nothing.
                    grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
                });
                worker.AddTasks(registry =>
                {
                    DurableFunctions.Register(registry, functions);
                    tasks?.Invoke(registry);
                });
            });
            TimerFunctions.Register(builder.Services, functions, configuration);

            var app = builder.Build();
            DevelopmentSignIn.Map(app, hostSettings);
            HttpFunctions.Map(app, functions, hostSettings, new FunctionKeys(configuration["LocalHost:FunctionKey"], configuration["LocalHost:MasterKey"]));
            // Seeded before the host listens: a client that sees /api/health answer can capture at once (a test that
            // did met "not a unit in the org directory" now and then, while the seed was still being written).
            var directory = await SeedDirectoryAsync(app, configuration, logger, cancellationToken);
            await app.StartAsync(cancellationToken);
            var host = new LocalFunctionsHost(app, engine, azurite, broker, functions, hostSettings);
            host.Endpoints =
            [
                ("Storage", StorageLine(configuration, azurite)),
                ("Service Bus", broker is not null
                    ? broker.ConnectionString
                    : configuration["LocalHost:ServiceBus"] == "none" ? "none (notices stay on the timeline)" : "the configured " + ConnectionNames.ServiceBus),
                ("Directory", directory),
            ];
            return host;
        }
        catch
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<AzuriteServer?> StartAzuriteIfNeededAsync(ConfigurationManager configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var usesAzurite = new[] { "AzureWebJobsStorage", ConnectionNames.Tables }
            .Any(name => string.Equals(configuration[name], AzuriteServer.DevelopmentConnectionString, StringComparison.OrdinalIgnoreCase));
        if (!usesAzurite)
        {
            return null;
        }

        var root = configuration["LocalHost:RepositoryRoot"] ?? RepositoryRoot.Find();
        var location = configuration["LocalHost:AzuriteLocation"] ?? Path.Combine(root, ".azurite");
        return await AzuriteServer.EnsureRunningAsync(root, location == "memory" ? null : location, logger, cancellationToken);
    }

    /// <summary>
    /// Without a configured Service Bus (a namespace, or the official emulator), the embedded AMQP endpoint stands in,
    /// with the entities infra/ deploys: the reviewers' topic and its subscriptions, and one queue per department.
    /// </summary>
    private static async Task<EmbeddedServiceBus?> StartServiceBusIfNeededAsync(ConfigurationManager configuration, ILogger logger, CancellationToken cancellationToken)
    {
        if (ServiceBusAvailability.From(configuration.GetSection(ConnectionNames.ServiceBus)).IsConfigured || configuration["LocalHost:ServiceBus"] == "none")
        {
            return null;
        }

        var root = configuration["LocalHost:RepositoryRoot"] ?? RepositoryRoot.Find();
        var directory = DirectoryDocument.Parse(await File.ReadAllTextAsync(DirectoryFile(configuration, root), cancellationToken));
        var queues = (directory.Departments ?? []).Where(d => d?.QueueName is not null).Select(d => d!.QueueName!);
        var topology = ServiceBusTopology.Load(Path.Combine(root, "infra", "servicebus-entities.json"), queues);
        var port = configuration["LocalHost:ServiceBusPort"] is { } text
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : DefaultServiceBusPort;
        void Trace(string message) => logger.LogDebug("servicebus: {Message}", message);
        EmbeddedServiceBus broker;
        try
        {
            broker = await EmbeddedServiceBus.StartAsync(topology, port, Trace, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && port != 0)
        {
            broker = await EmbeddedServiceBus.StartAsync(topology, 0, Trace, cancellationToken);
            logger.LogWarning(
                "Port {Port} is taken (another broker?), so the local Service Bus endpoint listens on {Fallback}, which changes at each start; set LocalHost__ServiceBusPort to a free port to keep one",
                port, broker.Port);
        }

        configuration[ConnectionNames.ServiceBus] = broker.ConnectionString;
        logger.LogDebug("Started the local Service Bus endpoint on 127.0.0.1:{Port} ({Queues} queues, {Topics} topics)", broker.Port, topology.Queues.Count, topology.Topics.Count);
        return broker;
    }

    private static string DirectoryFile(ConfigurationManager configuration, string root) =>
        configuration["LocalHost:DirectoryFile"] is { } file && file != "none" ? file : Path.Combine(root, "config", "putian-directory.json");

    /// <summary>A fresh local store gets the sample directory, so the pipeline has units and people to work with.</summary>
    /// <returns>What happened, for the start-up banner.</returns>
    private static async Task<string> SeedDirectoryAsync(WebApplication app, ConfigurationManager configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var file = configuration["LocalHost:DirectoryFile"];
        if (file == "none")
        {
            return "not seeded (LocalHost__DirectoryFile is none)";
        }

        file = DirectoryFile(configuration, configuration["LocalHost:RepositoryRoot"] ?? RepositoryRoot.Find());
        var imported = await app.Services.GetRequiredService<DirectoryImporter>()
            .ImportIfEmptyAsync(app.Services.GetRequiredService<DirectoryStore>(), await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
        if (imported is null)
        {
            return "kept (the store already holds one; POST /api/directory/import replaces it)";
        }

        var (nodes, departments) = (imported.Changes.Nodes.Added.Count, imported.Changes.Departments.Added.Count);
        logger.LogDebug("Seeded the empty directory from {File}: {Nodes} nodes, {Departments} departments", file, nodes, departments);
        return $"seeded from {Path.GetRelativePath(Environment.CurrentDirectory, file)}: {nodes} nodes, {departments} departments";
    }

    private static string StorageLine(ConfigurationManager configuration, AzuriteServer? azurite)
    {
        if (azurite is null)
        {
            return "the configured AzureWebJobsStorage and " + ConnectionNames.Tables;
        }

        var how = azurite.StartedHere ? "started here" : "already running, reused";
        return $"Azurite ({how}) {AzuriteServer.FullDevelopmentConnectionString}";
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await engine.DisposeAsync();
        if (serviceBus is not null)
        {
            await serviceBus.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
