namespace Grassroots.Domain;

/// <summary>
/// The named person a node or department answers through (哪个环节没解决,对应到人: an unresolved step maps to a person).
/// </summary>
/// <param name="PersonId">Stable id in the directory; the same person may hold posts at several nodes.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">The post held here, e.g. unit head (单元长) or grid worker (网格员).</param>
/// <param name="Contact">Phone number or other contact for people, not used for sign-in.</param>
/// <param name="IdentityId">
/// What they sign in with: the Entra object id for people, the app (client) id for a department's system.
/// </param>
public sealed record ResponsiblePerson(string PersonId, string Name, string Role, string Contact, string IdentityId);
