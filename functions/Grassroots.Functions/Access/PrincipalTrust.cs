using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Access;

/// <summary>
/// Whether the <c>X-MS-CLIENT-PRINCIPAL</c> header is believed. In <see cref="AuthMode.EasyAuth"/> mode only while App
/// Service Authentication is in front of the app: the platform then strips any copy a client sends and writes its own.
/// The app learns that from <c>WEBSITE_AUTH_ENABLED</c>, which App Service injects (value <c>True</c>) into apps whose
/// authentication is on ("Environment variables and app settings in Azure App Service", authentication section:
/// https://learn.microsoft.com/azure/app-service/reference-app-settings). That page covers App Service sites and does
/// not name Flex Consumption, so a deployment proves it: infra/scripts/smoke.sh signs in as an admin and fails when the
/// app treats the caller as anonymous. Without the variable the rule fails closed: every caller is anonymous.
/// </summary>
public static class PrincipalTrust
{
    public const string EasyAuthEnabledVariable = "WEBSITE_AUTH_ENABLED";

    public static bool HeaderIsTrusted(AuthOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        return options.Mode switch
        {
            AuthMode.Development => true,
            AuthMode.EasyAuth => string.Equals(configuration[EasyAuthEnabledVariable], "true", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}

/// <summary>Says at start which trust rule is in force, so an app that treats everyone as anonymous is explained in its first log lines.</summary>
public sealed partial class PrincipalTrustLog(IOptions<AuthOptions> options, IConfiguration configuration, ILogger<PrincipalTrustLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var mode = options.Value.Mode;
        var easyAuthEnabled = configuration[PrincipalTrust.EasyAuthEnabledVariable] ?? "(not set)";
        if (mode == AuthMode.Development)
        {
            DevelopmentMode(logger);
        }
        else if (PrincipalTrust.HeaderIsTrusted(options.Value, configuration))
        {
            EasyAuthTrusted(logger, mode, PrincipalTrust.EasyAuthEnabledVariable, easyAuthEnabled);
        }
        else
        {
            EasyAuthNotInFront(logger, mode, PrincipalTrust.EasyAuthEnabledVariable, easyAuthEnabled);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Principal trust: Development mode: the X-MS-CLIENT-PRINCIPAL header is trusted as sent (local runs and tests only)")]
    private static partial void DevelopmentMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Principal trust: {Mode} mode with {Variable}={Value}: the X-MS-CLIENT-PRINCIPAL header written by App Service Authentication is trusted")]
    private static partial void EasyAuthTrusted(ILogger logger, AuthMode mode, string variable, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Principal trust: {Mode} mode with {Variable}={Value}: App Service Authentication is not in front of the app, so the principal header is ignored and every caller is anonymous")]
    private static partial void EasyAuthNotInFront(ILogger logger, AuthMode mode, string variable, string value);
}
