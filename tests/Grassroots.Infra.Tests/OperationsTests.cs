using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

/// <summary>What operators see after deployment: resource logs in Log Analytics and alerts for the failures that are otherwise silent.</summary>
[Collection(BicepFixture.CollectionName)]
public sealed class OperationsTests(BicepFixture bicep)
{
    private const string DiagnosticSettingsType = "Microsoft.Insights/diagnosticSettings";
    private const string MetricAlertType = "Microsoft.Insights/metricAlerts";
    private const string LogAlertType = "Microsoft.Insights/scheduledQueryRules";

    private IReadOnlyList<JsonObject> Predicted => ArmJson.PredictedResources(bicep.SnapshotJson);

    private string IdOf(string type) => (string)Assert.Single(Predicted.WithType(type))["id"]!;

    [Fact]
    public void Storage_and_service_bus_send_their_logs_and_metrics_to_the_log_analytics_workspace()
    {
        var workspace = IdOf("Microsoft.OperationalInsights/workspaces");
        var storage = IdOf("Microsoft.Storage/storageAccounts");
        var serviceBus = IdOf("Microsoft.ServiceBus/namespaces");
        var settings = Predicted.WithType(DiagnosticSettingsType)
            .ToDictionary(s => ((string)s["id"]!)[..((string)s["id"]!).IndexOf("/providers/Microsoft.Insights/", StringComparison.OrdinalIgnoreCase)], StringComparer.OrdinalIgnoreCase);

        string[] scopes = [storage, $"{storage}/tableServices/default", $"{storage}/queueServices/default", $"{storage}/blobServices/default", serviceBus];
        Assert.Equal(scopes.Order(StringComparer.OrdinalIgnoreCase), settings.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(settings, setting =>
        {
            var properties = setting.Value["properties"]!;
            Assert.Equal(workspace, (string?)properties["workspaceId"]);
            Assert.NotEmpty(properties["metrics"]!.AsArray());
            if (!string.Equals(setting.Key, storage, StringComparison.OrdinalIgnoreCase))
            {
                // The account itself has metrics only; its services and the namespace have resource logs.
                Assert.Contains(properties["logs"]!.AsArray(), log => (string?)log?["categoryGroup"] == "allLogs" && (bool?)log["enabled"] == true);
            }
        });
    }

    [Fact]
    public void Dead_lettered_messages_raise_an_alert_per_service_bus_entity()
    {
        var criterion = MetricCriterion("DeadletteredMessages", IdOf("Microsoft.ServiceBus/namespaces"));

        Assert.Equal(["*"], Dimension(criterion, "EntityName"));
        Assert.Equal(0, (int?)criterion["threshold"]);
    }

    [Fact]
    public void A_department_queue_that_never_empties_for_the_window_raises_an_alert()
    {
        var departmentQueues = ArmJson.ReadFile(RepositoryLayout.OrgDirectory)["departments"]!.AsArray().Select(d => (string)d!["queueName"]!);
        var criterion = MetricCriterion("ActiveMessages", IdOf("Microsoft.ServiceBus/namespaces"));

        Assert.Equal(departmentQueues.Order(), Dimension(criterion, "EntityName").Order());
        Assert.Equal("Minimum", (string?)criterion["timeAggregation"]);
    }

    [Fact]
    public void Throttled_storage_requests_raise_an_alert()
    {
        var criterion = MetricCriterion("Transactions", IdOf("Microsoft.Storage/storageAccounts"));

        Assert.Contains("ServerBusyError", Dimension(criterion, "ResponseType"));
        Assert.Contains("ClientThrottlingError", Dimension(criterion, "ResponseType"));
    }

    [Fact]
    public void A_failed_orchestration_raises_an_alert_from_the_durable_traces()
    {
        var rule = Assert.Single(Predicted.WithType(LogAlertType))["properties"]!;
        var query = (string?)rule["criteria"]?["allOf"]?[0]?["query"];

        Assert.Equal([IdOf("Microsoft.OperationalInsights/workspaces")], rule["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Contains("Host.Triggers.DurableTask", query, StringComparison.Ordinal);
        Assert.Contains("\"Orchestrator\"", query, StringComparison.Ordinal);
        Assert.Contains("\"Failed\"", query, StringComparison.Ordinal);
        Assert.Equal([BicepFixture.ActionGroupId], rule["actions"]!["actionGroups"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void Every_alert_notifies_the_action_group_given_and_none_without_one()
    {
        var withGroup = Predicted.WithType(MetricAlertType).ToList();
        var withoutGroup = ArmJson.PredictedResources(bicep.SnapshotWithoutUserJson);

        Assert.Equal(3, withGroup.Count);
        Assert.All(withGroup, alert => Assert.Equal(
            [BicepFixture.ActionGroupId], alert["properties"]!["actions"]!.AsArray().Select(a => (string?)a?["actionGroupId"])));
        Assert.All(withoutGroup.WithType(MetricAlertType), alert => Assert.Empty(alert["properties"]!["actions"]!.AsArray()));
        Assert.All(withoutGroup.WithType(LogAlertType), alert => Assert.Empty(alert["properties"]!["actions"]!["actionGroups"]!.AsArray()));
    }

    private JsonObject MetricCriterion(string metricName, string scope)
    {
        var alert = Assert.Single(Predicted.WithType(MetricAlertType),
            a => a["properties"]?["criteria"]?["allOf"]?.AsArray().Any(c => (string?)c?["metricName"] == metricName) == true);
        Assert.Equal([scope], alert["properties"]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.True((bool?)alert["properties"]!["enabled"]);
        return Assert.Single(alert["properties"]!["criteria"]!["allOf"]!.AsArray())!.AsObject();
    }

    private static IEnumerable<string?> Dimension(JsonObject criterion, string name) =>
        Assert.Single(criterion["dimensions"]!.AsArray(), d => (string?)d?["name"] == name)!["values"]!.AsArray().Select(v => (string?)v);
}
