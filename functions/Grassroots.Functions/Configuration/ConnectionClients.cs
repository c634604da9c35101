using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Functions.Configuration;

/// <summary>
/// The app's two connections as Azure clients, in both forms the Functions convention allows: the setting holds a
/// connection string, or its <c>serviceUri</c> / <c>fullyQualifiedNamespace</c> child names an endpoint reached with
/// an Entra credential.
/// </summary>
public static class ConnectionClients
{
    /// <summary>
    /// The identity-based form is built here rather than by the client factory's name matching: that matching maps
    /// setting names to constructor parameters, and <see cref="TableServiceClient"/> has no <c>serviceUri</c> parameter,
    /// so the factory could not construct it from the setting infra deploys.
    /// </summary>
    public static void AddTables(this AzureClientFactoryBuilder clients, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(section);
        if (section["serviceUri"] is { Length: > 0 } serviceUri)
        {
            var endpoint = new Uri(serviceUri);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential) => new TableServiceClient(endpoint, credential, options))
                .WithCredential(provider => CredentialFor(provider, section));
        }
        else
        {
            clients.AddTableServiceClient(section);
        }
    }

    /// <summary>Built the same way as the tables, so both connections take their credential from one place.</summary>
    public static void AddServiceBus(this AzureClientFactoryBuilder clients, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(section);
        if (section["fullyQualifiedNamespace"] is { Length: > 0 } fullyQualifiedNamespace)
        {
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, credential) => new ServiceBusClient(fullyQualifiedNamespace, credential, options))
                .WithCredential(provider => CredentialFor(provider, section));
        }
        else
        {
            clients.AddServiceBusClient(section);
        }
    }

    /// <summary>
    /// The factory reads the section's <c>credential</c>/<c>clientId</c> children (<c>managedidentity</c> and the
    /// user-assigned identity in Azure) and falls back to the credential given to <c>UseCredential</c>.
    /// </summary>
    private static Azure.Core.TokenCredential CredentialFor(IServiceProvider provider, IConfigurationSection section) =>
        provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);
}
