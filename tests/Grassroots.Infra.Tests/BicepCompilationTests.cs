using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

[Collection(BicepFixture.CollectionName)]
public sealed class BicepCompilationTests(BicepFixture bicep)
{
    [Fact]
    public void Build_exits_zero_without_warnings()
    {
        Assert.True(bicep.Build.ExitCode == 0 && bicep.Build.PrintedNothing, bicep.Build.Describe());
    }

    [Fact]
    public void Lint_exits_zero_without_diagnostics()
    {
        Assert.True(bicep.Lint.ExitCode == 0 && bicep.Lint.PrintedNothing, bicep.Lint.Describe());
    }

    [Fact]
    public void Snapshot_evaluates_the_template_without_diagnostics()
    {
        var snapshots = new[]
        {
            (bicep.Snapshot, bicep.SnapshotJson),
            (bicep.SnapshotWithoutUser, bicep.SnapshotWithoutUserJson),
            (bicep.SnapshotAsServicePrincipal, bicep.SnapshotAsServicePrincipalJson),
        };
        foreach (var (run, json) in snapshots)
        {
            Assert.True(run.ExitCode == 0 && run.PrintedNothing, run.Describe());
            Assert.True(json["diagnostics"] is JsonArray { Count: 0 }, json["diagnostics"]?.ToJsonString());
        }
    }

    [Fact]
    public void Parameters_file_feeds_every_required_parameter_from_the_azd_environment()
    {
        var declared = bicep.Template["parameters"]!.AsObject();
        var supplied = ArmJson.ReadFile(RepositoryLayout.MainParameters)["parameters"]!.AsObject();

        var unknown = supplied.Select(parameter => parameter.Key).Where(name => !declared.ContainsKey(name)).ToList();
        Assert.True(unknown.Count == 0, $"main.parameters.json sets parameters main.bicep does not declare: {string.Join(", ", unknown)}");

        var required = declared.Where(parameter => parameter.Value?["defaultValue"] is null).Select(parameter => parameter.Key);
        var missing = required.Where(name => !supplied.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"main.parameters.json does not set required parameters: {string.Join(", ", missing)}");

        foreach (var (name, parameter) in supplied)
        {
            var value = (string?)parameter?["value"];
            Assert.True(value is not null && value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}'),
                $"Parameter {name} should come from the azd environment as ${{NAME}}, not '{value}'.");
        }
    }
}
