using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Configuration;
using Grassroots.Functions;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Infra.Tests;

/// <summary>
/// The app's composition root started with exactly the settings a deployment gives it: the app settings of
/// <c>infra/app/api.bicep</c> (identity-based forms) and <c>local.settings.example.json</c>. A setting name the client
/// factory cannot turn into a client only fails when the process starts, so the settings are started here.
/// </summary>
[Collection(BicepFixture.CollectionName)]
public sealed class DeployedSettingsStartupTests(BicepFixture bicep)
{
    /// <summary>Azurite's table endpoint stands in for the account's (only the URL's form matters: no request is sent).</summary>
    private const string AzuriteTableEndpoint = "http://127.0.0.1:10002/devstoreaccount1/";

    /// <summary>The local Service Bus endpoint's host stands in for <c>&lt;namespace&gt;.servicebus.windows.net</c>.</summary>
    private const string LocalServiceBusHost = "127.0.0.1";

    private const string IdentityClientId = "5b1e3c1a-0000-4000-8000-0000000000c1";

    [Fact]
    public async Task The_app_starts_with_the_identity_based_settings_infra_deploys_and_every_client_takes_the_configured_credential()
    {
        var settings = DeployedAppSettings();
        var credential = new RecordingCredential();

        using var host = BuildHost(settings, credential);
        await host.StartAsync();
        try
        {
            var tables = host.Services.GetRequiredService<TableServiceClient>();
            var serviceBus = host.Services.GetRequiredService<ServiceBusClient>();

            Assert.Equal(new Uri(AzuriteTableEndpoint).Host, tables.Uri.Host);
            Assert.Equal(LocalServiceBusHost, serviceBus.FullyQualifiedNamespace);
            // Both identity-based connections asked the factory for their credential with their own section, so the
            // credential/clientId sub-keys (managedidentity + the user-assigned identity) are what select it.
            Assert.Equal([ConnectionNames.ServiceBus, ConnectionNames.Tables], credential.RequestedFor.Order(StringComparer.Ordinal));
            ResolveEverythingTheAppRegisters(host.Services);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_app_starts_with_the_example_local_settings()
    {
        var example = ArmJson.ReadFile(Path.Combine(RepositoryLayout.Root, "functions", "Grassroots.Functions", "local.settings.example.json"));
        var settings = example["Values"]!.AsObject().ToDictionary(value => value.Key, value => (string?)value.Value);

        using var host = BuildHost(settings, new RecordingCredential());
        await host.StartAsync();
        try
        {
            Assert.True(host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
            Assert.NotNull(host.Services.GetRequiredService<TableServiceClient>());
            ResolveEverythingTheAppRegisters(host.Services);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(null, "WEBSITE_AUTH_ENABLED=(not set): App Service Authentication is not in front of the app, so the principal header is ignored and every caller is anonymous")]
    [InlineData("True", "WEBSITE_AUTH_ENABLED=True: the X-MS-CLIENT-PRINCIPAL header written by App Service Authentication is trusted")]
    public async Task At_start_the_deployed_app_logs_whether_it_trusts_the_principal_header(string? easyAuthEnabled, string expected)
    {
        var settings = DeployedAppSettings();
        settings["WEBSITE_AUTH_ENABLED"] = easyAuthEnabled;
        var log = new RecordingLoggerProvider();

        using var host = BuildHost(settings, new RecordingCredential(), log);
        await host.StartAsync();
        await host.StopAsync();

        var line = Assert.Single(log.Messages, m => m.StartsWith("Principal trust:", StringComparison.Ordinal));
        Assert.Equal("Principal trust: EasyAuth mode with " + expected, line);
    }

    [Fact]
    public void Every_deployed_setting_expression_is_one_this_test_knows_how_to_stand_in_for()
    {
        // Guards the substitution below: a new setting computed at deployment time must be given a test value.
        var settings = DeployedAppSettings();

        Assert.DoesNotContain(settings, setting => setting.Value?.StartsWith('[') == true);
        Assert.Equal(AzuriteTableEndpoint, settings[$"{ConnectionNames.Tables}__serviceUri"]);
        Assert.Equal(LocalServiceBusHost, settings[$"{ConnectionNames.ServiceBus}__fullyQualifiedNamespace"]);
    }

    /// <summary>
    /// The Function App's app settings as Bicep evaluates the compiled template (<c>bicep snapshot</c>), with each value
    /// known only at deployment time (endpoints, the identity's client id) replaced by a local stand-in.
    /// </summary>
    private Dictionary<string, string?> DeployedAppSettings()
    {
        var appSettings = ArmJson.PredictedResources(bicep.SnapshotJson).WithType("Microsoft.Web/sites/config")
            .Single(config => ArmJson.NameSegments(config)[1] == "appsettings")["properties"]!.AsObject();
        return appSettings.ToDictionary(setting => setting.Key, setting => (string?)StandIn(setting.Key, (string?)setting.Value));
    }

    private static string? StandIn(string name, string? value)
    {
        if (value is null || !value.StartsWith('['))
        {
            return value;
        }

        return value switch
        {
            _ when value.Contains("primaryEndpoints.table", StringComparison.Ordinal) => AzuriteTableEndpoint,
            _ when value.Contains(".serviceBusEndpoint", StringComparison.Ordinal) => LocalServiceBusHost,
            _ when value.StartsWith("[format('ClientId={0};Authorization=AAD'", StringComparison.Ordinal) => $"ClientId={IdentityClientId};Authorization=AAD",
            _ when value.EndsWith(".clientId]", StringComparison.Ordinal) => IdentityClientId,
            // The tracking-token key, fresh per deployment: the same shape (base64 of two GUIDs' text), so the app's check of it runs.
            _ when value.StartsWith("[base64(format('{0}{1}', newGuid(), newGuid()))", StringComparison.Ordinal) =>
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Guid.NewGuid()}{Guid.NewGuid()}")),
            _ when value.EndsWith(".ConnectionString]", StringComparison.Ordinal) =>
                "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://localhost/",
            _ => throw new InvalidOperationException($"App setting {name} = {value}: no local stand-in for this expression; add one."),
        };
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, RecordingCredential credential, ILoggerProvider? log = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = settings.GetValueOrDefault("AZURE_FUNCTIONS_ENVIRONMENT") ?? Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // App settings reach the worker as environment variables, where "__" separates sections.
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        builder.Services.AddLogging(logging =>
        {
            if (log is not null)
            {
                logging.AddProvider(log);
            }
        });
        builder.Services.AddGrassroots(builder.Configuration, builder.Environment);
        RecordingComponentFactory.Replace(builder.Services, credential);
        return builder.Build();
    }

    /// <summary>Every service of the app's own assembly and every options type it binds: constructing them is what a first request does.</summary>
    private static void ResolveEverythingTheAppRegisters(IServiceProvider services)
    {
        var appAssembly = typeof(GrassrootsServices).Assembly;
        var registered = services.GetRequiredService<IServiceProviderIsService>();
        foreach (var type in appAssembly.GetTypes().Where(t => registered.IsService(t) && !t.IsGenericTypeDefinition))
        {
            Assert.NotNull(services.GetRequiredService(type));
        }

        var optionTypes = appAssembly.GetTypes().Where(t => t.GetField("SectionName") is not null && t.IsClass).ToList();
        Assert.NotEmpty(optionTypes);
        foreach (var optionType in optionTypes)
        {
            var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionType));
            Assert.NotNull(options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options));
        }
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }

    /// <summary>Stands in for the managed identity; records which connection asked for it. Never sends a request.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> RequestedFor { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>
    /// The Azure client factory's credential step, with the test's credential where the real one would build a
    /// ManagedIdentityCredential from the section's <c>credential</c>/<c>clientId</c>. Options and clients stay the real factory's.
    /// </summary>
    private sealed class RecordingComponentFactory(AzureComponentFactory real, RecordingCredential credential) : AzureComponentFactory
    {
        public static void Replace(IServiceCollection services, RecordingCredential credential)
        {
            var registration = services.Single(d => d.ServiceType == typeof(AzureComponentFactory));
            services.Remove(registration);
            services.AddSingleton<AzureComponentFactory>(provider => new RecordingComponentFactory(
                (AzureComponentFactory)ActivatorUtilities.CreateInstance(provider, registration.ImplementationType!), credential));
        }

        public override TokenCredential CreateTokenCredential(IConfiguration configuration)
        {
            Assert.Equal("managedidentity", configuration["credential"]);
            Assert.Equal(IdentityClientId, configuration["clientId"]);
            credential.RequestedFor.Add(((IConfigurationSection)configuration).Key);
            return credential;
        }

        public override object CreateClientOptions(Type optionsType, object? serviceVersion, IConfiguration configuration) =>
            real.CreateClientOptions(optionsType, serviceVersion, configuration);

        public override object CreateClient(Type clientType, IConfiguration configuration, TokenCredential credential, object clientOptions) =>
            real.CreateClient(clientType, configuration, credential, clientOptions);
    }
}
