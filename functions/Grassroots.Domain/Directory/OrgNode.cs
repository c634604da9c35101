namespace Grassroots.Domain;

/// <summary>An org unit / node (组织节点) in the six-tier tree: a unit, grid, community, town/street, district or the city.</summary>
/// <param name="Id">Stable readable id, e.g. "bantou-g1-u1".</param>
/// <param name="Name">Display name.</param>
/// <param name="Tier">Its tier; its parent is always exactly one tier above.</param>
/// <param name="ParentId">The node above; null only for the city.</param>
/// <param name="Responsible">Who reviews events at this node and answers for missed deadlines.</param>
/// <param name="NotificationTarget">
/// Where the responsible person's notifications go, as "scheme:address", e.g. "app:p-bantou-u1" or "sms:+8613800000000".
/// </param>
public sealed record OrgNode(string Id, string Name, Tier Tier, string? ParentId, ResponsiblePerson Responsible, string NotificationTarget);
