using Grassroots.Domain.Locations;

namespace Grassroots.Domain.Tests;

/// <summary>The shipped config/putian-directory.json: it must load, and keep the shape other code and infra rely on.</summary>
public class SampleDirectoryTests
{
    private readonly OrgDirectory _directory = OrgDirectory.Parse(ConfigFiles.Directory);

    [Fact]
    public void The_shipped_sample_validates_without_a_single_problem() =>
        Assert.Empty(DirectoryValidator.Validate(DirectoryDocument.Parse(ConfigFiles.Directory)));

    [Fact]
    public void Putian_has_the_three_districts_of_the_article()
    {
        Assert.Equal("putian", _directory.City.Id);
        Assert.Equal(["licheng", "chengxiang", "hanjiang"], IdsAt(Tier.District));
        Assert.All(_directory.Nodes.Where(n => n.Tier == Tier.District), d => Assert.Equal("putian", d.ParentId));
    }

    [Theory]
    [InlineData("xitianwei-town", "licheng")]   // 荔城区西天尾镇
    [InlineData("xialin-street", "chengxiang")] // 城厢区霞林街道
    [InlineData("handong-street", "hanjiang")]  // 涵江区涵东街道
    public void Towns_and_streets_sit_in_the_district_the_article_names(string townId, string districtId) =>
        Assert.Equal(districtId, _directory.FindNode(townId)!.ParentId);

    [Theory]
    [InlineData("dongxing", "xitianwei-town")]
    [InlineData("xialin", "xialin-street")]
    [InlineData("bantou", "xialin-street")]
    [InlineData("dingfu", "handong-street")]
    public void Communities_sit_in_the_town_or_street_the_article_names(string communityId, string townId) =>
        Assert.Equal(townId, _directory.FindNode(communityId)!.ParentId);

    [Fact]
    public void Every_community_has_two_or_three_grids_and_every_grid_two_to_four_units()
    {
        Assert.Equal(["xitianwei-town", "xialin-street", "handong-street"], IdsAt(Tier.Town));
        Assert.Equal(["dongxing", "xialin", "bantou", "dingfu"], IdsAt(Tier.Community));
        foreach (var community in _directory.Nodes.Where(n => n.Tier == Tier.Community))
        {
            var grids = Children(community.Id);
            Assert.InRange(grids.Count, 2, 3);
            Assert.All(grids, g => Assert.Equal(Tier.Grid, g.Tier));
            Assert.All(grids, g => Assert.InRange(Children(g.Id).Count, 2, 4));
        }
    }

    [Fact]
    public void The_bantou_case_climbs_from_a_unit_through_xialin_street_to_the_city()
    {
        var chain = _directory.ChainToCity("bantou-g1-u1").Select(n => n.Id);

        Assert.Equal(["bantou-g1-u1", "bantou-g1", "bantou", "xialin-street", "chengxiang", "putian"], chain);
    }

    [Theory]
    [InlineData("chengxiang-natural-resources")] // 区自然资源局
    [InlineData("chengxiang-housing")]           // 区住建局
    public void Xialin_street_may_dispatch_the_bantou_case_to_the_natural_resources_and_housing_bureaus(string departmentId)
    {
        Assert.True(_directory.MayDispatch("xialin-street", departmentId));
        Assert.True(_directory.MayDispatch("chengxiang", departmentId));
        Assert.False(_directory.MayDispatch("bantou", departmentId));
        Assert.False(_directory.MayDispatch("handong-street", departmentId));
    }

    [Fact]
    public void Departments_cover_the_kinds_the_article_calls_on_and_each_has_its_dept_id_queue()
    {
        var departments = _directory.Departments;

        Assert.True(departments.Count >= 6);
        foreach (var kind in new[] { "natural-resources", "housing", "court", "police-station", "market-regulation" })
        {
            Assert.Contains(departments, d => d.Id.EndsWith(kind, StringComparison.Ordinal));
        }

        Assert.All(departments, d => Assert.Equal(ServiceBusQueueName.ForDepartment(d.Id), d.QueueName));
    }

    [Fact]
    public void Each_department_is_dispatchable_by_its_streets_or_towns_together_with_their_district()
    {
        foreach (var department in _directory.Departments)
        {
            var dispatchers = department.DispatchableBy.Select(id => _directory.FindNode(id)!).ToList();
            foreach (var town in dispatchers.Where(n => n.Tier == Tier.Town))
            {
                Assert.Contains(town.ParentId, department.DispatchableBy);
            }
        }
    }

    [Fact]
    public void Identity_ids_are_distinct_guids_and_person_ids_follow_the_node_ids()
    {
        var identities = _directory.Nodes.Select(n => n.Responsible.IdentityId)
            .Concat(_directory.Departments.Select(d => d.Contact.IdentityId))
            .ToList();

        Assert.All(identities, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(identities.Count, identities.Distinct(StringComparer.Ordinal).Count());
        Assert.All(_directory.Nodes, n => Assert.Equal($"p-{n.Id}", n.Responsible.PersonId));
        Assert.Equal(_directory.FindNode("bantou-g1-u1")!.Responsible, _directory.FindPersonByIdentity(_directory.FindNode("bantou-g1-u1")!.Responsible.IdentityId));
    }

    [Fact]
    public void Every_unit_grid_and_community_has_its_responsible_person_in_the_articles_roles()
    {
        Assert.All(_directory.Nodes.Where(n => n.Tier == Tier.Unit), n => Assert.Contains("单元长", n.Responsible.Role, StringComparison.Ordinal));
        Assert.All(_directory.Nodes.Where(n => n.Tier == Tier.Grid), n => Assert.Contains("网格员", n.Responsible.Role, StringComparison.Ordinal));
        Assert.All(_directory.Nodes.Where(n => n.Tier == Tier.Community), n => Assert.Contains("社区党委", n.Responsible.Role, StringComparison.Ordinal));
        Assert.All(_directory.Nodes.Where(n => n.Tier == Tier.Town), n => Assert.Contains("社会治理云平台中心", n.Responsible.Role, StringComparison.Ordinal));
    }

    private List<string> IdsAt(Tier tier) => [.. _directory.Nodes.Where(n => n.Tier == tier).Select(n => n.Id)];

    private List<OrgNode> Children(string parentId) => [.. _directory.Nodes.Where(n => n.ParentId == parentId)];

    [Fact]
    public void Some_units_have_areas_for_the_local_demo_and_the_shop_inside_the_estate_wins_where_they_overlap()
    {
        var areas = _directory.Nodes.Where(n => n.Area is not null).Select(n => new UnitAreaCandidate(n.Id, n.Area!)).ToList();

        Assert.Equal(["dongxing-g1-u1", "xialin-g1-u1", "bantou-g1-u1", "bantou-g1-u2", "bantou-g1-u3"], areas.Select(a => a.UnitId));
        Assert.All(areas, a => Assert.Equal(Tier.Unit, _directory.FindNode(a.UnitId)!.Tier));
        Assert.Equal(["bantou-g1-u3", "bantou-g1-u2"], UnitAreaChoice.Covering(new GeoPoint(25.4322, 119.0031), areas));
        Assert.Equal(["bantou-g1-u2"], UnitAreaChoice.Covering(new GeoPoint(25.4312, 119.0030), areas));
    }
}
