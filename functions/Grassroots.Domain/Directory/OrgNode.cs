using Grassroots.Domain.Locations;

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
/// <param name="Deputies">Who covers the responsible person, and when (leave cover); empty for most nodes.</param>
public sealed record OrgNode(
    string Id, string Name, Tier Tier, string? ParentId, ResponsiblePerson Responsible, string NotificationTarget, IReadOnlyList<Deputy> Deputies)
{
    public OrgNode(string id, string name, Tier tier, string? parentId, ResponsiblePerson responsible, string notificationTarget)
        : this(id, name, tier, parentId, responsible, notificationTarget, Array.Empty<Deputy>())
    {
    }

    /// <summary>
    /// Units only, optional: where the unit lies, so a report with only a point finds it. Set when built from a directory
    /// file; the app's stored nodes keep it apart (the unit-area index and the node row), so nodes read back leave it null.
    /// </summary>
    public UnitArea? Area { get; init; }

    /// <summary>
    /// Who answers for the node at that moment (值班): the first deputy whose cover includes it, else the responsible
    /// person. Events are handed to this person, and a deadline missed at that moment is charged to them.
    /// </summary>
    public ResponsiblePerson OnDuty(DateTimeOffset at) => Deputies.FirstOrDefault(d => d.Covers(at))?.Person ?? Responsible;

    /// <summary>Whether the person may answer for the node at that moment: its responsible person, or a deputy on duty.</summary>
    public bool Answers(string personId, DateTimeOffset at) =>
        Responsible.PersonId == personId || Deputies.Any(d => d.Person.PersonId == personId && d.Covers(at));
}
