using Azure.Identity;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Health;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grassroots.Functions;

/// <summary>The one composition root: Program.cs and the local host both call <see cref="AddGrassroots"/>.</summary>
public static class GrassrootsServices
{
    public static IServiceCollection AddGrassroots(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddOptions<GrassrootsOptions>()
            .Bind(configuration.GetSection(GrassrootsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var tables = configuration.GetSection(ConnectionNames.Tables);
        var serviceBus = configuration.GetSection(ConnectionNames.ServiceBus);
        var serviceBusConfigured = IsConfigured(serviceBus, "fullyQualifiedNamespace");

        services.AddAzureClients(clients =>
        {
            // Settings with credential/clientId sub-keys (managed identity) are read by the factory itself.
            clients.UseCredential(new DefaultAzureCredential());
            clients.AddTableServiceClient(RequireConfigured(tables, "serviceUri"));
            if (serviceBusConfigured)
            {
                clients.AddServiceBusClient(serviceBus);
            }
        });

        services.AddSingleton(new ServiceBusAvailability(serviceBusConfigured));
        services.AddSingleton<HealthReporter>();
        return services;
    }

    private static bool IsConfigured(IConfigurationSection section, string identityKey) =>
        !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section[identityKey]);

    private static IConfigurationSection RequireConfigured(IConfigurationSection section, string identityKey) =>
        IsConfigured(section, identityKey)
            ? section
            : throw new InvalidOperationException(
                $"Setting '{section.Key}' is missing: set it to a connection string, or set '{section.Key}__{identityKey}' for an identity-based connection.");
}
