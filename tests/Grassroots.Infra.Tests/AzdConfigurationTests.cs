namespace Grassroots.Infra.Tests;

/// <summary>azure.yaml at the repository root wires azd to infra/ and to the Functions project.</summary>
public sealed class AzdConfigurationTests
{
    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service()
    {
        var yaml = ReadMappings(RepositoryLayout.AzureYaml);

        Assert.Equal("./functions/Grassroots.Functions", yaml.GetValueOrDefault("services.api.project"));
        Assert.Equal("dotnet", yaml.GetValueOrDefault("services.api.language"));
        Assert.Equal("function", yaml.GetValueOrDefault("services.api.host"));
        Assert.Equal("infra", yaml.GetValueOrDefault("infra.path"));
        Assert.Equal("main", yaml.GetValueOrDefault("infra.module"));

        var project = Path.Combine(RepositoryLayout.Root, yaml["services.api.project"]);
        Assert.True(File.Exists(Path.Combine(project, "Grassroots.Functions.csproj")), $"No Functions project in {project}.");
        Assert.True(File.Exists(Path.Combine(RepositoryLayout.InfraFolder, $"{yaml["infra.module"]}.bicep")));
    }

    [Fact]
    public void Azd_runs_the_smoke_script_after_each_deploy()
    {
        var yaml = ReadMappings(RepositoryLayout.AzureYaml);
        var script = Path.Combine(RepositoryLayout.InfraFolder, "scripts", "smoke.sh");

        Assert.Equal("sh", yaml.GetValueOrDefault("hooks.postdeploy.posix.shell"));
        Assert.Equal("./infra/scripts/smoke.sh --azd-hook", yaml.GetValueOrDefault("hooks.postdeploy.posix.run"));
        Assert.Equal("false", yaml.GetValueOrDefault("hooks.postdeploy.posix.continueOnError"));
        Assert.True(File.Exists(script), script);
        Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0, $"{script} is not executable.");
    }

    /// <summary>
    /// The nested mappings of a plain YAML file as dotted paths (services.api.host → function).
    /// Enough for azure.yaml, which holds no lists, anchors or multi-line scalars.
    /// </summary>
    private static Dictionary<string, string> ReadMappings(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var parents = new List<(int Indent, string Key)>();
        foreach (var line in File.ReadLines(path))
        {
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - content.Length;
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"Unexpected line in {path}: {line}");
            parents.RemoveAll(parent => parent.Indent >= indent);
            var key = string.Join('.', parents.Select(parent => parent.Key).Append(content[..colon].Trim()));
            var value = content[(colon + 1)..].Trim();
            if (value.Length == 0)
            {
                parents.Add((indent, content[..colon].Trim()));
            }
            else
            {
                values[key] = value.Trim('"', '\'');
            }
        }

        return values;
    }
}
