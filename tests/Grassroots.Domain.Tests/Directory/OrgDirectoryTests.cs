namespace Grassroots.Domain.Tests;

public class OrgDirectoryTests
{
    private readonly OrgDirectory _directory = SmallDirectory.Json().Build();

    [Fact]
    public void A_directory_with_any_problem_is_refused_whole_with_every_problem()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["tier"] = "hamlet";
        doc.DepartmentAt(0)["queueName"] = "Dept Lands";

        var ex = Assert.Throws<InvalidDirectoryException>(() => doc.Build());

        Assert.Equal(["nodes[5].tier", "departments[0].queueName"], ex.Problems.Select(p => p.Path));
        Assert.Contains("nodes[5].tier", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_and_departments_keep_file_order_and_all_fields()
    {
        Assert.Equal(["city", "dist", "town", "comm", "grid", "unit", "comm2", "grid2", "unit2"], _directory.Nodes.Select(n => n.Id));
        var unit = _directory.FindNode("unit")!;
        Assert.Equal(new OrgNode("unit", "Node unit", Tier.Unit, "grid", new ResponsiblePerson("p-unit", "Name of p-unit", "Role", "+86 594 000 0000", "id-p-unit"), "app:p-unit"), unit);
        var lands = Assert.Single(_directory.Departments);
        Assert.Equal("dept-lands", lands.QueueName);
        Assert.Equal(["town", "dist"], lands.DispatchableBy);
        Assert.Equal("city", _directory.City.Id);
    }

    [Fact]
    public void An_absent_resolve_period_means_five_working_days()
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0).Remove("resolveWithinWorkingDays");

        Assert.Equal(5, doc.Build().FindDepartment("lands")!.ResolveWithinWorkingDays);
    }

    [Fact]
    public void Unknown_ids_are_not_found()
    {
        Assert.Null(_directory.FindNode("nowhere"));
        Assert.Null(_directory.FindDepartment("nowhere"));
        Assert.Null(_directory.FindPersonByIdentity("nobody"));
        Assert.Null(_directory.FindDepartmentByIdentity("nobody"));
    }

    [Fact]
    public void The_chain_to_the_city_runs_from_the_node_up_to_the_city_inclusive()
    {
        var chain = _directory.ChainToCity("unit");

        Assert.Equal(["unit", "grid", "comm", "town", "dist", "city"], chain.Select(n => n.Id));
        Assert.Equal([Tier.Unit, Tier.Grid, Tier.Community, Tier.Town, Tier.District, Tier.City], chain.Select(n => n.Tier));
    }

    [Fact]
    public void The_citys_chain_is_the_city_alone() =>
        Assert.Equal(["city"], _directory.ChainToCity("city").Select(n => n.Id));

    [Fact]
    public void The_chain_of_an_unknown_node_is_an_error() =>
        Assert.Throws<KeyNotFoundException>(() => _directory.ChainToCity("nowhere"));

    [Theory]
    [InlineData("unit", "unit", true)]
    [InlineData("grid", "unit", true)]
    [InlineData("town", "unit", true)]
    [InlineData("city", "unit2", true)]
    [InlineData("unit", "grid", false)]
    [InlineData("comm", "unit2", false)]
    [InlineData("grid2", "unit", false)]
    [InlineData("nowhere", "unit", false)]
    [InlineData("city", "nowhere", false)]
    public void A_node_is_at_or_above_itself_and_its_descendants_only(string candidate, string node, bool expected) =>
        Assert.Equal(expected, _directory.IsAtOrAbove(candidate, node));

    [Theory]
    [InlineData("p-unit", "unit", true)]
    [InlineData("p-town", "unit", true)]
    [InlineData("p-city", "unit2", true)]
    [InlineData("p-unit", "grid", false)]
    [InlineData("p-comm", "unit2", false)]
    [InlineData("p-lands-desk", "unit", false)]
    [InlineData("p-town", "nowhere", false)]
    public void A_person_answers_for_their_own_nodes_and_everything_below(string personId, string nodeId, bool expected) =>
        Assert.Equal(expected, _directory.IsResponsibleAtOrAbove(personId, nodeId));

    [Fact]
    public void A_person_with_two_posts_is_responsible_for_both_nodes()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(4)["responsible"] = SmallDirectory.Person("p-comm");
        var directory = doc.Build();

        Assert.Equal(["comm", "grid"], directory.NodesResponsibleFor("p-comm").Select(n => n.Id));
        Assert.Empty(directory.NodesResponsibleFor("p-grid"));
    }

    [Fact]
    public void People_and_departments_are_found_by_the_identity_they_sign_in_with()
    {
        Assert.Equal("p-grid2", _directory.FindPersonByIdentity("id-p-grid2")!.PersonId);
        Assert.Equal("lands", _directory.FindDepartmentByIdentity("app-lands")!.Id);

        // A department's app is not a person, and a person is not a department.
        Assert.Null(_directory.FindPersonByIdentity("app-lands"));
        Assert.Null(_directory.FindDepartmentByIdentity("id-p-grid2"));
    }

    [Theory]
    [InlineData("town", "lands", true)]
    [InlineData("dist", "lands", true)]
    [InlineData("city", "lands", false)]
    [InlineData("comm", "lands", false)]
    [InlineData("town", "nowhere", false)]
    [InlineData("nowhere", "lands", false)]
    public void Only_the_town_tier_nodes_a_department_lists_may_dispatch_to_it(string nodeId, string departmentId, bool expected) =>
        Assert.Equal(expected, _directory.MayDispatch(nodeId, departmentId));

    [Fact]
    public void Under_a_node_are_all_its_descendants_parents_first()
    {
        Assert.Equal(["comm", "grid", "unit", "comm2", "grid2", "unit2"], _directory.Under("town").Select(n => n.Id));
        Assert.Equal(["grid2", "unit2"], _directory.Under("comm2").Select(n => n.Id));
        Assert.Empty(_directory.Under("unit"));
        Assert.Equal(_directory.Nodes.Count - 1, _directory.Under("city").Count);
    }

    [Fact]
    public void Under_an_unknown_node_is_an_error() =>
        Assert.Throws<KeyNotFoundException>(() => _directory.Under("nowhere"));

    [Fact]
    public void Parse_reads_and_validates_in_one_step()
    {
        Assert.Equal(9, OrgDirectory.Parse(SmallDirectory.Json().ToJsonString()).Nodes.Count);
        Assert.Throws<DirectoryFormatException>(() => OrgDirectory.Parse("[1,"));
    }
}
