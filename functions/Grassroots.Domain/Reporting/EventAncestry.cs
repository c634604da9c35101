namespace Grassroots.Domain.Reporting;

/// <summary>
/// Which nodes' read models an event belongs to (一张图: every tier sees what is under it): the node where something
/// happened and every node above it. Chains run from the unit up to the city.
/// </summary>
public static class EventAncestry
{
    /// <returns>The chain from <paramref name="nodeId"/> upward; the whole chain when the node is null or not on it.</returns>
    public static IReadOnlyList<string> From(IReadOnlyList<string> chain, string? nodeId)
    {
        ArgumentNullException.ThrowIfNull(chain);
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i] == nodeId)
            {
                return chain.Skip(i).ToList();
            }
        }

        return chain;
    }

    /// <summary>The nodes that rank unit heads on an honour roll: the community and everything above it (chain[2..]).</summary>
    public static IReadOnlyList<string> HonourRollNodes(IReadOnlyList<string> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.Skip((int)Tier.Community - 1).ToList();
    }
}
