using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;

namespace Grassroots.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI once for all tests: <c>build</c> (the compiled ARM JSON), <c>lint</c>, and two
/// <c>snapshot</c>s (the engine's evaluation of that template for fixed parameters: loops expanded,
/// names and conditions resolved): with a deploying user, without one, and with one whose data
/// roles are switched off (azd running as a service principal in CI).
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    public const string CollectionName = "Bicep";
    public const string SubscriptionId = "5b1e3c1a-0000-4000-8000-000000000001";
    public const string TenantId = "5b1e3c1a-0000-4000-8000-000000000002";
    public const string AuthClientId = "5b1e3c1a-0000-4000-8000-000000000003";
    public const string DeployingUserId = "5b1e3c1a-0000-4000-8000-000000000004";
    public const string Location = "eastasia";
    public const string EnvironmentName = "infra-tests";

    /// <summary>Given to the snapshot with a deploying user; the other snapshots leave the alerts without one.</summary>
    public const string ActionGroupId = "/subscriptions/5b1e3c1a-0000-4000-8000-000000000001/resourceGroups/rg-ops/providers/microsoft.insights/actionGroups/ag-ops";

    private DirectoryInfo? _workFolder;
    private JsonObject? _template;
    private JsonObject? _snapshot;
    private JsonObject? _snapshotWithoutUser;
    private JsonObject? _snapshotAsServicePrincipal;

    public ProcessResult Build { get; private set; } = null!;

    public ProcessResult Lint { get; private set; } = null!;

    public ProcessResult Snapshot { get; private set; } = null!;

    public ProcessResult SnapshotWithoutUser { get; private set; } = null!;

    public ProcessResult SnapshotAsServicePrincipal { get; private set; } = null!;

    /// <summary>The compiled ARM template (modules appear as nested deployments).</summary>
    public JsonObject Template => _template ?? throw new InvalidOperationException(Build.Describe());

    /// <summary>Predicted resources and outputs with <see cref="DeployingUserId"/> as principalId.</summary>
    public JsonObject SnapshotJson => _snapshot ?? throw new InvalidOperationException(Snapshot.Describe());

    /// <summary>Predicted resources and outputs with an empty principalId.</summary>
    public JsonObject SnapshotWithoutUserJson => _snapshotWithoutUser ?? throw new InvalidOperationException(SnapshotWithoutUser.Describe());

    /// <summary>Predicted resources with <see cref="DeployingUserId"/> as principalId but grantDeployingUserDataRoles false.</summary>
    public JsonObject SnapshotAsServicePrincipalJson => _snapshotAsServicePrincipal ?? throw new InvalidOperationException(SnapshotAsServicePrincipal.Describe());

    public async Task InitializeAsync()
    {
        var bicep = BicepCli.Locate();
        _workFolder = Directory.CreateTempSubdirectory("grassroots-infra-tests-");
        var work = _workFolder.FullName;
        var mainBicep = RepositoryLayout.MainBicep;

        var compiled = Path.Combine(work, "main.json");
        var withUser = WriteParameters(work, "with-user", mainBicep, DeployingUserId, grantUserRoles: true, ActionGroupId);
        var withoutUser = WriteParameters(work, "without-user", mainBicep, principalId: string.Empty, grantUserRoles: true);
        var asServicePrincipal = WriteParameters(work, "as-service-principal", mainBicep, DeployingUserId, grantUserRoles: false);

        var build = bicep.RunAsync(work, "build", mainBicep, "--outfile", compiled);
        var lint = bicep.RunAsync(work, "lint", mainBicep);
        var snapshot = bicep.RunAsync(work, SnapshotArguments(withUser));
        var snapshotWithoutUser = bicep.RunAsync(work, SnapshotArguments(withoutUser));
        var snapshotAsServicePrincipal = bicep.RunAsync(work, SnapshotArguments(asServicePrincipal));
        await Task.WhenAll(build, lint, snapshot, snapshotWithoutUser, snapshotAsServicePrincipal);

        Build = await build;
        Lint = await lint;
        Snapshot = await snapshot;
        SnapshotWithoutUser = await snapshotWithoutUser;
        SnapshotAsServicePrincipal = await snapshotAsServicePrincipal;

        _template = ReadJson(Build, compiled);
        _snapshot = ReadJson(Snapshot, Path.ChangeExtension(withUser, ".snapshot.json"));
        _snapshotWithoutUser = ReadJson(SnapshotWithoutUser, Path.ChangeExtension(withoutUser, ".snapshot.json"));
        _snapshotAsServicePrincipal = ReadJson(SnapshotAsServicePrincipal, Path.ChangeExtension(asServicePrincipal, ".snapshot.json"));
    }

    public Task DisposeAsync()
    {
        _workFolder?.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The repository's own infra/main.bicep when config/putian-directory.json exists. While it does
    /// not, a copy of infra/ beside a copy of the tests' stand-in directory, in the same layout, so
    /// the Bicep's <c>../config/putian-directory.json</c> resolves unchanged.
    /// </summary>

    private static string WriteParameters(string work, string name, string mainBicep, string principalId, bool grantUserRoles, string actionGroupId = "")
    {
        var path = Path.Combine(work, $"{name}.bicepparam");
        var usingPath = Path.GetRelativePath(work, mainBicep).Replace('\\', '/');
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"using '{usingPath}'")
            .AppendLine(CultureInfo.InvariantCulture, $"param environmentName = '{EnvironmentName}'")
            .AppendLine(CultureInfo.InvariantCulture, $"param location = '{Location}'")
            .AppendLine(CultureInfo.InvariantCulture, $"param principalId = '{principalId}'")
            .AppendLine(CultureInfo.InvariantCulture, $"param grantDeployingUserDataRoles = {(grantUserRoles ? "true" : "false")}")
            .AppendLine(CultureInfo.InvariantCulture, $"param authClientId = '{AuthClientId}'")
            .AppendLine(CultureInfo.InvariantCulture, $"param alertActionGroupId = '{actionGroupId}'")
            .ToString();
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] SnapshotArguments(string parametersFile) =>
    [
        "snapshot", parametersFile, "--mode", "overwrite",
        "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location,
    ];

    private static JsonObject? ReadJson(ProcessResult result, string path) =>
        result.ExitCode == 0 && File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() : null;

}

/// <summary>Shares one <see cref="BicepFixture"/> (one set of Bicep runs) among all test classes.</summary>
[CollectionDefinition(BicepFixture.CollectionName)]
public sealed class BicepFixtureGroup : ICollectionFixture<BicepFixture>;
