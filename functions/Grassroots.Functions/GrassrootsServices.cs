using Azure.Identity;
using Grassroots.Functions.Access;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.DirectoryImport;
using Grassroots.Functions.Events;
using Grassroots.Functions.FollowUp;
using Grassroots.Functions.Health;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Notifications;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.Functions.Supervision;
using Grassroots.Functions.Open311;
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
            .BindConfiguration(GrassrootsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ReviewDeadlines().Problems().Count == 0, "Grassroots review deadline settings are invalid (time zone, cutoff, spans).")
            .ValidateOnStart();

        var tables = configuration.GetSection(ConnectionNames.Tables);
        var serviceBus = configuration.GetSection(ConnectionNames.ServiceBus);
        var serviceBusAvailability = ServiceBusAvailability.From(serviceBus);

        services.AddAzureClients(clients =>
        {
            // Settings with credential/clientId sub-keys (managed identity) are read by the factory itself.
            clients.UseCredential(new DefaultAzureCredential());
            clients.AddTables(RequireConfigured(tables, "serviceUri"));
            if (serviceBusAvailability.IsConfigured)
            {
                clients.AddServiceBus(serviceBus);
            }
        });

        services.AddOptions<IntakeOptions>()
            .BindConfiguration(IntakeOptions.SectionName)
            .PostConfigure(o =>
            {
                // Lists bind by appending, so defaults go in only when configuration names none.
                if (o.Categories.Count == 0)
                {
                    o.Categories.AddRange(IntakeOptions.DefaultCategories);
                }

                if (o.Channels.Count == 0)
                {
                    o.Channels.AddRange(IntakeOptions.DefaultChannels);
                }
            })
            .ValidateDataAnnotations()
            .Validate(
                o => o.CityBounds is null || o.CityBounds.ToBounds().Problem() is null,
                "Grassroots:Intake:CityBounds must be a rectangle of degrees: South < North within -90..90, West < East within -180..180.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .Validate(
                o => o.Mode != AuthMode.Development || environment.IsDevelopment(),
                "Grassroots:Auth:Mode=Development trusts a principal header any client can send; it is refused outside the Development environment.")
            .ValidateOnStart();
        services.AddOptions<DepartmentOptions>().BindConfiguration(DepartmentOptions.SectionName);
        services.AddOptions<FollowUpOptions>()
            .BindConfiguration(FollowUpOptions.SectionName)
            .Validate(o => o.IsValid(), "Grassroots:FollowUp:Window must lie between zero (excluded) and 366 days.")
            .ValidateOnStart();
        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<WorkingCalendarSource>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(serviceBusAvailability);
        services.AddSingleton<HealthReporter>();
        services.AddSingleton<GrassrootsTables>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<Escalation.LiveHolder>();
        services.AddSingleton<UnitLocator>();
        services.AddSingleton<DirectoryImporter>();
        services.AddSingleton<CallerResolver>();
        services.AddHostedService<PrincipalTrustLog>();
        services.AddSingleton<EventReader>();
        services.AddSingleton<AcceptedDecisions>();
        services.AddSingleton<FollowUpAnswers>();
        services.AddSingleton<AccessGate>();
        services.AddSingleton<TrackingTokenIssuer>();
        services.AddSingleton<EventCapture>();
        services.AddSingleton<TimelineLog>();
        services.AddOptions<Open311Options>().BindConfiguration(Open311Options.SectionName);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<Jurisdiction>();
        services.AddSingleton<OpenEventIndex>();
        services.AddSingleton<EventWatchdog>();
        services.AddSingleton<EngineHistoryPurge>();
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationPublisher>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<NoticeSender>();
        services.AddReporting();
        services.AddSingleton(_ => new WebApp.WebAppFiles());
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
