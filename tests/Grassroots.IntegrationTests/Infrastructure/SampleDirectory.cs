using Grassroots.Domain;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>The sample directory the repository ships (config/putian-directory.json), which the local host seeds.</summary>
public static class SampleDirectory
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot.Find(), "config", "putian-directory.json");

    public static OrgDirectory Directory { get; } = OrgDirectory.From(DirectoryDocument.Parse(File.ReadAllText(Path)));

    public static OrgNode Node(string id) => Directory.FindNode(id) ?? throw new ArgumentException("No node " + id);

    public static string IdentityOf(string nodeId) => Node(nodeId).Responsible.IdentityId;

    /// <summary>The admin used by tests: an identity outside the directory holding the admin role.</summary>
    public const string AdminIdentity = "00000000-0000-0000-0000-00000000a0a0";
}

public static class SampleUnits
{
    /// <summary>A unit whose chain runs through the given node (e.g. a community).</summary>
    public static OrgNode UnitUnder(string nodeId) =>
        SampleDirectory.Directory.Nodes
            .Where(n => n.Tier == Tier.Unit && SampleDirectory.Directory.IsAtOrAbove(nodeId, n.Id))
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .First();

    public static IReadOnlyList<OrgNode> ChainOf(string unitId) => SampleDirectory.Directory.ChainToCity(unitId);
}
