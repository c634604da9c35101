using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

/// <summary>The Function App, its settings, Easy Auth and the data stores it connects to.</summary>
[Collection(BicepFixture.CollectionName)]
public sealed class FunctionAppTests(BicepFixture bicep)
{
    private const string ManagedIdentity = "managedidentity";

    private static readonly string[] ExpectedAppSettings =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "GrassrootsTables__serviceUri",
        "GrassrootsTables__credential",
        "GrassrootsTables__clientId",
        "GrassrootsServiceBus__fullyQualifiedNamespace",
        "GrassrootsServiceBus__credential",
        "GrassrootsServiceBus__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Grassroots__TimeZone",
        "Grassroots__ReviewerTopic",
        "Grassroots__ReporterTopic",
        "Grassroots__Auth__Mode",
        "Grassroots__Intake__TrackingTokenKey",
        "AZURE_FUNCTIONS_ENVIRONMENT",
    ];

    private static readonly string[] ExpectedExcludedPaths = ["/api/health", "/api/events", "/api/tracking", "/api/open311/v2", "/api/app"];

    private static readonly string[] SecretMarkers = ["AccountKey", "SharedAccessKey", "listKeys"];

    // ARM functions that return keys, connection strings or SAS tokens.
    private static readonly string[] ListFunctions = ["listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "listSecrets("];

    private IReadOnlyList<JsonObject> Predicted => ArmJson.PredictedResources(bicep.SnapshotJson);

    private JsonObject SiteConfig(string name) =>
        Assert.Single(Predicted.WithType("Microsoft.Web/sites/config"), config => ArmJson.NameSegments(config)[1] == name);

    [Fact]
    public void App_settings_are_exactly_the_identity_based_set()
    {
        var settings = SiteConfig("appsettings")["properties"]!.AsObject();
        var storage = Assert.Single(Predicted.WithType("Microsoft.Storage/storageAccounts"));
        var identity = Assert.Single(Predicted.WithType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        string? Setting(string name) => (string?)settings[name];

        Assert.Equal(ExpectedAppSettings.Order(StringComparer.Ordinal), settings.Select(setting => setting.Key).Order(StringComparer.Ordinal));

        Assert.Equal(ArmJson.NameOf(storage), Setting("AzureWebJobsStorage__accountName"));
        Assert.All(["AzureWebJobsStorage", "GrassrootsTables", "GrassrootsServiceBus"], connection =>
        {
            Assert.Equal(ManagedIdentity, Setting($"{connection}__credential"));
            // Every connection selects the app's one user-assigned identity.
            var clientId = Setting($"{connection}__clientId");
            Assert.NotNull(clientId);
            Assert.Contains(ArmJson.NameOf(identity), clientId, StringComparison.Ordinal);
            Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
        });
        Assert.Contains("primaryEndpoints.table", Setting("GrassrootsTables__serviceUri"), StringComparison.Ordinal);
        Assert.Contains(".serviceBusEndpoint", Setting("GrassrootsServiceBus__fullyQualifiedNamespace"), StringComparison.Ordinal);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', ", Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.Equal("Asia/Shanghai", Setting("Grassroots__TimeZone"));
        Assert.Equal((string?)ArmJson.ReadFile(RepositoryLayout.ServiceBusEntities)["reviewerTopic"]?["name"], Setting("Grassroots__ReviewerTopic"));
        Assert.Equal((string?)ArmJson.ReadFile(RepositoryLayout.ServiceBusEntities)["reporterTopic"]?["name"], Setting("Grassroots__ReporterTopic"));
        Assert.Equal("EasyAuth", Setting("Grassroots__Auth__Mode"));
        Assert.Equal("Production", Setting("AZURE_FUNCTIONS_ENVIRONMENT"));
    }

    [Fact]
    public void No_app_setting_value_carries_a_key()
    {
        var compiledSettings = ArmJson.CompiledResources(bicep.Template).WithType("Microsoft.Web/sites/config")
            .Concat(ArmJson.CompiledResources(bicep.Template).WithType("Microsoft.Web/sites"))
            .SelectMany(resource => ArmJson.StringValues(resource["properties"]));
        var evaluatedSettings = ArmJson.StringValues(SiteConfig("appsettings")["properties"]);

        var offending = compiledSettings.Concat(evaluatedSettings)
            .Where(value => SecretMarkers.Any(marker => value.Contains(marker, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(offending.Count == 0, $"Settings must be identity-based, found: {string.Join(Environment.NewLine, offending)}");
    }

    [Fact]
    public void Compiled_template_never_lists_keys_or_connection_strings()
    {
        var offending = ArmJson.StringValues(bicep.Template)
            .Where(value => ListFunctions.Any(function => value.Contains(function, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(offending.Count == 0, string.Join(Environment.NewLine, offending));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption_as_the_user_assigned_identity()
    {
        var plan = Assert.Single(Predicted.WithType("Microsoft.Web/serverfarms"));
        var site = Assert.Single(Predicted.WithType("Microsoft.Web/sites"));
        var identity = Assert.Single(Predicted.WithType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var identityId = (string)identity["id"]!;
        var config = site["properties"]?["functionAppConfig"];
        var deployment = config?["deployment"]?["storage"];

        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("api", (string?)site["tags"]?["azd-service-name"]);
        Assert.True((bool?)site["properties"]?["httpsOnly"]);
        Assert.Equal("dotnet-isolated", (string?)config?["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config?["runtime"]?["version"]);

        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        Assert.Equal([identityId], site["identity"]?["userAssignedIdentities"]?.AsObject().Select(entry => entry.Key));

        Assert.Equal("blobContainer", (string?)deployment?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)deployment?["authentication"]?["type"]);
        Assert.Equal(identityId, (string?)deployment?["authentication"]?["userAssignedIdentityResourceId"]);
        var container = Assert.Single(Predicted.WithType("Microsoft.Storage/storageAccounts/blobServices/containers"));
        // {blob endpoint}{container}: the endpoint is only known at deployment time.
        var packageUrl = (string?)deployment?["value"];
        Assert.Contains("primaryEndpoints.blob", packageUrl, StringComparison.Ordinal);
        Assert.Contains($"'{ArmJson.LastSegment(ArmJson.NameOf(container))}'", packageUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_account_accepts_identities_only()
    {
        var properties = Assert.Single(Predicted.WithType("Microsoft.Storage/storageAccounts"))["properties"];

        Assert.False((bool?)properties?["allowSharedKeyAccess"]);
        Assert.False((bool?)properties?["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)properties?["minimumTlsVersion"]);
        Assert.True((bool?)properties?["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void Application_insights_sits_on_log_analytics_and_accepts_entra_telemetry_only()
    {
        var workspace = Assert.Single(Predicted.WithType("Microsoft.OperationalInsights/workspaces"));
        var properties = Assert.Single(Predicted.WithType("Microsoft.Insights/components"))["properties"];

        Assert.True((bool?)properties?["DisableLocalAuth"]);
        Assert.Equal((string?)workspace["id"], (string?)properties?["WorkspaceResourceId"]);
    }

    [Fact]
    public void Easy_auth_requires_entra_tokens_except_on_the_public_paths()
    {
        var auth = SiteConfig("authsettingsV2")["properties"]!;
        var global = auth["globalValidation"];
        var entra = auth["identityProviders"]?["azureActiveDirectory"];

        Assert.True((bool?)auth["platform"]?["enabled"]);
        Assert.True((bool?)global?["requireAuthentication"]);
        Assert.Equal("Return401", (string?)global?["unauthenticatedClientAction"]);
        Assert.Equal(ExpectedExcludedPaths, global?["excludedPaths"]?.AsArray().Select(path => (string?)path));

        Assert.True((bool?)entra?["enabled"]);
        Assert.Equal(BicepFixture.AuthClientId, (string?)entra?["registration"]?["clientId"]);
        Assert.Contains($"'{BicepFixture.TenantId}'", (string?)entra?["registration"]?["openIdIssuer"], StringComparison.Ordinal);
        Assert.Equal([$"api://{BicepFixture.AuthClientId}"], entra?["validation"]?["allowedAudiences"]?.AsArray().Select(audience => (string?)audience));
        // The app authorises per org directory; the platform does not narrow callers.
        Assert.Null(entra?["validation"]?["defaultAuthorizationPolicy"]);
    }
}
