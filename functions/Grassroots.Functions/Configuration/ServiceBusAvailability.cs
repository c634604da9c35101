namespace Grassroots.Functions.Configuration;

/// <summary>
/// Whether a Service Bus connection is configured, and to what; without one, notifications are kept on the timeline only.
/// </summary>
/// <param name="Endpoint">A description safe to show: the namespace, or the development endpoint's address; never a key.</param>
public sealed record ServiceBusAvailability(bool IsConfigured, string? Endpoint = null)
{
    /// <summary>From a connection setting: its value is a connection string, or its <c>fullyQualifiedNamespace</c> child selects an identity-based one.</summary>
    public static ServiceBusAvailability From(Microsoft.Extensions.Configuration.IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return From(section.Value, section["fullyQualifiedNamespace"]);
    }

    public static ServiceBusAvailability From(string? connectionString, string? fullyQualifiedNamespace)
    {
        if (!string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            return new(true, "namespace " + fullyQualifiedNamespace + " (managed identity)");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new(false);
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var endpoint = parts.GetValueOrDefault("Endpoint") ?? "unknown endpoint";
        return parts.TryGetValue("UseDevelopmentEmulator", out var emulator) && bool.TryParse(emulator, out var isEmulator) && isEmulator
            ? new(true, "development endpoint " + endpoint)
            : new(true, "namespace " + endpoint);
    }
}
