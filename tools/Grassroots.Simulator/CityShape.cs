namespace Grassroots.Simulator;

/// <summary>
/// How many nodes of each tier the generated city has. The default is Putian as the article counts it: one city, five
/// districts and counties, about 50 towns and streets, about 1,000 communities and villages, 4,600 grids, about 40,000
/// units, and about 25 departments.
/// </summary>
public sealed record CityShape(int Districts, int Towns, int Communities, int Grids, int Units, int DepartmentsPerDistrict, int CityDepartments)
{
    public static CityShape Putian { get; } = new(5, 50, 1000, 4600, 40000, 4, 5);

    public int Departments => Districts * DepartmentsPerDistrict + CityDepartments;

    public int Nodes => 1 + Districts + Towns + Communities + Grids + Units;

    /// <summary>
    /// Putian scaled: towns, communities, grids and units by the factor (each tier keeps at least one node per parent);
    /// districts and departments stay, so dispatch keeps its shape at any size.
    /// </summary>
    public static CityShape Scaled(double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var p = Putian;
        var towns = Math.Max(p.Districts, (int)Math.Round(p.Towns * scale));
        var communities = Math.Max(towns, (int)Math.Round(p.Communities * scale));
        var grids = Math.Max(communities, (int)Math.Round(p.Grids * scale));
        var units = Math.Max(grids, (int)Math.Round(p.Units * scale));
        return p with { Towns = towns, Communities = communities, Grids = grids, Units = units };
    }
}
