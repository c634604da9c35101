namespace Grassroots.Infra.Tests;

/// <summary>Paths of the repository, found by walking up from the test binaries to Serverless.sln.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string InfraFolder => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(InfraFolder, "main.bicep");

    public static string MainParameters => Path.Combine(InfraFolder, "main.parameters.json");

    public static string ServiceBusEntities => Path.Combine(InfraFolder, "servicebus-entities.json");

    /// <summary>The org directory the Bicep loads as <c>../config/putian-directory.json</c>.</summary>
    public static string OrgDirectory => Path.Combine(Root, "config", "putian-directory.json");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Serverless.sln.");
    }
}
