using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grassroots.Infra.Tests;

/// <summary>
/// The Function App as Flex Consumption accepts it. Flex moved much of a site's configuration into
/// <c>functionAppConfig</c> and refuses or ignores the old places ("Flex Consumption plan deprecations" in
/// https://learn.microsoft.com/azure/azure-functions/functions-app-settings; FTP/FTPS is listed among the features Flex
/// does not offer, and ARM answers <c>siteConfig.ftpsState</c> with error 51021 in regions that enforce it).
/// The site may only use properties on the lists below; a property added to them must first be checked against that page.
/// </summary>
[Collection(BicepFixture.CollectionName)]
public sealed partial class FlexConsumptionSiteTests(BicepFixture bicep)
{
    /// <summary>Site properties a Flex app is created with (the Flex quickstarts and the Functions IaC reference use these).</summary>
    private static readonly HashSet<string> AcceptedSiteProperties = new(StringComparer.Ordinal)
    {
        "serverFarmId", "httpsOnly", "siteConfig", "functionAppConfig", "publicNetworkAccess", "virtualNetworkSubnetId",
        "keyVaultReferenceIdentity", "clientCertEnabled", "clientCertMode",
    };

    /// <summary>siteConfig properties that still apply on Flex (TLS, CORS, IP restrictions); runtime, scale and FTP settings do not.</summary>
    private static readonly HashSet<string> AcceptedSiteConfigProperties = new(StringComparer.Ordinal)
    {
        "minTlsVersion", "scmMinTlsVersion", "http20Enabled", "cors", "ipSecurityRestrictions", "ipSecurityRestrictionsDefaultAction",
        "scmIpSecurityRestrictions", "scmIpSecurityRestrictionsUseMain", "scmIpSecurityRestrictionsDefaultAction", "appSettings",
    };

    /// <summary>Named here with the reason, so a failure says what to do instead.</summary>
    private static readonly Dictionary<string, string> RejectedOnFlex = new(StringComparer.Ordinal)
    {
        ["siteConfig.ftpsState"] = "FTP/FTPS is not offered on Flex; keep the ftp/scm basicPublishingCredentialsPolicies off instead",
        ["siteConfig.alwaysOn"] = "use functionAppConfig.scaleAndConcurrency.alwaysReady",
        ["siteConfig.preWarmedInstanceCount"] = "use functionAppConfig.scaleAndConcurrency.alwaysReady",
        ["siteConfig.functionAppScaleLimit"] = "use functionAppConfig.scaleAndConcurrency.maximumInstanceCount",
        ["siteConfig.linuxFxVersion"] = "use functionAppConfig.runtime",
        ["siteConfig.netFrameworkVersion"] = "use functionAppConfig.runtime",
        ["siteConfig.windowsFxVersion"] = "Flex runs on Linux; use functionAppConfig.runtime",
        ["siteConfig.use32BitWorkerProcess"] = "Flex has no 32-bit workers",
        ["containerSize"] = "use functionAppConfig.scaleAndConcurrency.instanceMemoryMB",
    };

    /// <summary>App settings Flex replaced with functionAppConfig, or sets itself.</summary>
    private static readonly string[] AppSettingsDeprecatedOnFlex =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTOVERVNET", "WEBSITE_MOUNT_ENABLED",
        "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD", "WEBSITE_TIME_ZONE", "TZ",
    ];

    private JsonObject Site => Assert.Single(ArmJson.PredictedResources(bicep.SnapshotJson).WithType("Microsoft.Web/sites"));

    [Fact]
    public void The_site_uses_only_properties_flex_consumption_accepts()
    {
        var properties = Site["properties"]!.AsObject();
        var used = properties.Select(p => p.Key)
            .Concat(properties["siteConfig"]?.AsObject().Select(p => "siteConfig." + p.Key) ?? [])
            .ToList();

        var rejected = used.Where(RejectedOnFlex.ContainsKey).Select(p => $"{p}: {RejectedOnFlex[p]}").ToList();
        var unlisted = used.Where(p => !RejectedOnFlex.ContainsKey(p) && !(p.StartsWith("siteConfig.", StringComparison.Ordinal)
            ? AcceptedSiteConfigProperties.Contains(p["siteConfig.".Length..])
            : AcceptedSiteProperties.Contains(p))).ToList();

        Assert.True(rejected.Count == 0, "Flex Consumption rejects: " + string.Join("; ", rejected));
        Assert.True(unlisted.Count == 0, "Not on the Flex Consumption list (check the deprecations page, then add it): " + string.Join(", ", unlisted));
    }

    [Fact]
    public void No_app_setting_is_one_flex_consumption_replaced_with_function_app_config()
    {
        var settings = Assert.Single(ArmJson.PredictedResources(bicep.SnapshotJson).WithType("Microsoft.Web/sites/config"),
            config => ArmJson.NameSegments(config)[1] == "appsettings")["properties"]!.AsObject().Select(s => s.Key);

        Assert.Empty(settings.Intersect(AppSettingsDeprecatedOnFlex, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void One_instance_of_the_durable_group_is_always_ready_by_default_so_overnight_timers_fire_on_time()
    {
        var parameter = bicep.Template["parameters"]!["durableAlwaysReadyInstances"];
        var alwaysReady = Site["properties"]?["functionAppConfig"]?["scaleAndConcurrency"]?["alwaysReady"]?.AsArray();

        Assert.NotNull(parameter);
        Assert.Equal(1, (int?)parameter["defaultValue"]);
        Assert.Equal(0, (int?)parameter["minValue"]);
        var durable = Assert.Single(alwaysReady!, group => (string?)group?["name"] == "durable");
        Assert.Equal(1, (int?)durable!["instanceCount"]);
    }

    [Fact]
    public void Updates_of_the_site_run_one_after_another()
    {
        // App Service refuses a second concurrent update of one site (409 "another operation is in progress"), and
        // ARM deploys sibling resources in parallel unless one depends on the other.
        var children = ArmJson.CompiledResources(bicep.Template)
            .Where(r => ((string?)r["type"])?.StartsWith("Microsoft.Web/sites/", StringComparison.OrdinalIgnoreCase) == true)
            .ToDictionary(r => LastLiteral((string)r["name"]!), r => (r["dependsOn"]?.AsArray() ?? [])
                .Select(d => (string?)d)
                .Where(d => d?.StartsWith("[resourceId('Microsoft.Web/sites/", StringComparison.OrdinalIgnoreCase) == true)
                .Select(d => LastLiteral(d!))
                .ToList());
        Assert.True(children.Count >= 4, "Expected app settings, auth settings and both publishing policies: " + string.Join(", ", children.Keys));

        HashSet<string> Before(string child)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(children[child]);
            while (pending.TryPop(out var next))
            {
                if (seen.Add(next))
                {
                    children[next].ForEach(pending.Push);
                }
            }

            return seen;
        }

        var unordered = children.Keys.SelectMany(a => children.Keys.Where(b => string.CompareOrdinal(a, b) < 0)
                .Where(b => !Before(a).Contains(b) && !Before(b).Contains(a))
                .Select(b => $"{a} / {b}"))
            .ToList();
        Assert.True(unordered.Count == 0, "Site updates that may run at the same time: " + string.Join(", ", unordered));
    }

    /// <summary>The child's own name in <c>[format('{0}/{1}', parameters('name'), 'appsettings')]</c> or a resourceId(...) expression.</summary>
    private static string LastLiteral(string expression) => QuotedLiteral().Matches(expression).Last().Groups[1].Value;

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedLiteral();
}
