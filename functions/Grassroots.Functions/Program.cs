using Grassroots.Functions.Configuration;
using Grassroots.Functions;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// The worker's own telemetry (its logs, dependencies and exceptions) goes to the Application Insights resource that
// APPLICATIONINSIGHTS_CONNECTION_STRING names; the host sends its own separately.
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
var telemetryCredential = TelemetryAuthentication.CredentialFrom(builder.Configuration[TelemetryAuthentication.SettingName]);
if (telemetryCredential is not null)
{
    builder.Services.Configure<TelemetryConfiguration>(telemetry => telemetry.SetAzureTokenCredential(telemetryCredential));
}

builder.Services.AddGrassroots(builder.Configuration, builder.Environment);
builder.Build().Run();
