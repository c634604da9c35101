using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

/// <summary>Least privilege: which identity holds which role, on which resource.</summary>
[Collection(BicepFixture.CollectionName)]
public sealed class RoleAssignmentTests(BicepFixture bicep)
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string StorageAccountContributor = "17d1049b-9a84-46fb-8f53-869881c3d3ab";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42e0-ab88-20f7382dd24c";

    private static readonly Dictionary<string, string> AppRoleScopes = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageBlobDataOwner] = "Microsoft.Storage/storageAccounts",
        [StorageQueueDataContributor] = "Microsoft.Storage/storageAccounts",
        [StorageTableDataContributor] = "Microsoft.Storage/storageAccounts",
        [ServiceBusDataSender] = "Microsoft.ServiceBus/namespaces",
        [MonitoringMetricsPublisher] = "Microsoft.Insights/components",
    };

    private static readonly Dictionary<string, string> UserRoleScopes = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageBlobDataOwner] = "Microsoft.Storage/storageAccounts",
        [StorageQueueDataContributor] = "Microsoft.Storage/storageAccounts",
        [StorageTableDataContributor] = "Microsoft.Storage/storageAccounts",
        [ServiceBusDataSender] = "Microsoft.ServiceBus/namespaces",
        [ServiceBusDataReceiver] = "Microsoft.ServiceBus/namespaces",
    };

    private static readonly string[] ForbiddenForApp =
        [ServiceBusDataReceiver, ServiceBusDataOwner, StorageAccountContributor, Owner, Contributor];

    private static readonly string[] PrincipalTypes = ["ServicePrincipal", "User"];

    [Fact]
    public void Every_role_assignment_is_named_by_guid_and_has_an_explicit_principal_type()
    {
        var assignments = ArmJson.CompiledResources(bicep.Template).WithType(RoleAssignmentType).ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, assignment =>
        {
            Assert.StartsWith("[guid(", (string?)assignment["name"], StringComparison.Ordinal);
            Assert.Contains((string?)assignment["properties"]?["principalType"], PrincipalTypes);
        });
    }

    [Fact]
    public void App_identity_holds_exactly_the_least_privilege_roles_on_the_resources_that_need_them()
    {
        var predicted = ArmJson.PredictedResources(bicep.SnapshotJson);
        var identity = Assert.Single(predicted.WithType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var appAssignments = predicted.WithType(RoleAssignmentType)
            .Where(assignment => (string?)assignment["properties"]?["principalType"] == "ServicePrincipal")
            .ToList();

        Assert.All(appAssignments, assignment =>
            Assert.Contains($"{identity["id"]}'", (string?)assignment["properties"]?["principalId"], StringComparison.OrdinalIgnoreCase));
        AssertRoles(AppRoleScopes, appAssignments, predicted);

        var forbidden = appAssignments.Select(RoleOf).Intersect(ForbiddenForApp, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(forbidden.Count == 0, $"The app identity must not hold: {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void Deploying_user_gets_data_roles_only_when_a_principal_id_is_given_and_the_switch_is_on()
    {
        var predicted = ArmJson.PredictedResources(bicep.SnapshotJson);
        var userAssignments = predicted.WithType(RoleAssignmentType)
            .Where(assignment => (string?)assignment["properties"]?["principalType"] == "User")
            .ToList();

        Assert.All(userAssignments, assignment =>
            Assert.Equal(BicepFixture.DeployingUserId, (string?)assignment["properties"]?["principalId"]));
        AssertRoles(UserRoleScopes, userAssignments, predicted);

        foreach (var snapshot in new[] { bicep.SnapshotWithoutUserJson, bicep.SnapshotAsServicePrincipalJson })
        {
            var assignments = ArmJson.PredictedResources(snapshot).WithType(RoleAssignmentType).ToList();
            Assert.DoesNotContain(assignments, assignment => (string?)assignment["properties"]?["principalType"] == "User");
            Assert.Equal(AppRoleScopes.Count, assignments.Count);
        }
    }

    [Fact]
    public void Deploying_user_data_roles_are_off_unless_asked_for()
    {
        // The storage account and the namespace hold residents' names and phone numbers.
        Assert.False((bool?)bicep.Template["parameters"]!["grantDeployingUserDataRoles"]!["defaultValue"]);
    }

    /// <summary>The assignments hold exactly the expected roles, each scoped to the one resource of the expected type.</summary>
    private static void AssertRoles(Dictionary<string, string> expected, List<JsonObject> assignments, IReadOnlyList<JsonObject> predicted)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.OrdinalIgnoreCase), assignments.Select(RoleOf).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(assignments, assignment =>
        {
            var scopeType = expected[RoleOf(assignment)];
            var scope = (string)Assert.Single(predicted.WithType(scopeType))["id"]!;
            Assert.Equal(scope, ScopeOf(assignment), StringComparer.OrdinalIgnoreCase);
        });
    }

    private static string RoleOf(JsonObject assignment) =>
        ArmJson.LastSegment((string?)assignment["properties"]?["roleDefinitionId"] ?? string.Empty);

    /// <summary>
    /// The scope of a predicted role assignment: its id is either resolved
    /// (<c>{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}</c>) or, when the name
    /// depends on a runtime value such as the identity's principal id, an expression
    /// <c>[extensionResourceId('{scope}', 'Microsoft.Authorization/roleAssignments', …)]</c>.
    /// </summary>
    private static string ScopeOf(JsonObject assignment)
    {
        const string Expression = "[extensionResourceId('";
        const string Extension = "/providers/Microsoft.Authorization/roleAssignments/";
        var id = (string)assignment["id"]!;
        if (id.StartsWith(Expression, StringComparison.Ordinal))
        {
            var start = Expression.Length;
            return id[start..id.IndexOf('\'', start)];
        }

        var end = id.IndexOf(Extension, StringComparison.OrdinalIgnoreCase);
        Assert.True(end > 0, $"Unexpected role assignment id {id}");
        return id[..end];
    }
}
