using Azure.Core;
using Azure.Identity;

namespace Grassroots.Functions.Configuration;

/// <summary>
/// The Application Insights resource accepts only Entra tokens (local authentication is off in infra), so the worker's
/// telemetry signs in with the identity that <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names
/// (<c>Authorization=AAD;ClientId=...</c>), as the Functions host does.
/// </summary>
public static class TelemetryAuthentication
{
    public const string SettingName = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <returns>The credential to send telemetry with, or null when the setting asks for none.</returns>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        var parts = (authenticationString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
