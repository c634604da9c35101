namespace Grassroots.Domain;

/// <summary>
/// The six tiers of the governance model (六级治理体系), lowest first. The numeric values are the order in which an
/// unresolved event climbs, so they can be compared.
/// </summary>
public enum Tier
{
    /// <summary>单元: about a hundred residents; one building, one hospital ward, one shop. Reviewed by the unit head (单元长).</summary>
    Unit = 1,

    /// <summary>网格: a housing estate, a hospital, a school. Reviewed by the grid worker (网格员).</summary>
    Grid = 2,

    /// <summary>社区 / 村居: a community or village. Reviewed by the community party committee.</summary>
    Community = 3,

    /// <summary>镇 / 街道: a town or street. Reviewed by its social-governance cloud-platform centre (社会治理云平台中心).</summary>
    Town = 4,

    /// <summary>区 / 县: a district or county centre.</summary>
    District = 5,

    /// <summary>市: the city centre, the last tier.</summary>
    City = 6,
}
