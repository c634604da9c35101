using Grassroots.Domain.Access;

namespace Grassroots.Domain.Tests.Access;

public sealed class AccessPolicyTests
{
    private static readonly string[] Chain = ["u1", "g1", "c1", "t1", "d1", "city"];

    private static Caller Person(params string[] nodes) => new(CallerKind.Person, "id", "p", null, nodes, false);

    private static Caller Department(string id) => new(CallerKind.Department, "id", null, id, [], false);

    [Theory]
    [InlineData("u1", "u1", true)]
    [InlineData("g1", "u1", true)]
    [InlineData("city", "t1", true)]
    [InlineData("u1", "g1", false)]
    [InlineData("u2", "u1", false)]
    public void Only_the_holding_nodes_person_or_one_above_may_review(string callerNode, string holding, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.MayReview(Person(callerNode), Chain, holding));

    [Fact]
    public void A_department_or_an_admin_is_no_reviewer()
    {
        Assert.False(AccessPolicy.MayReview(Department("housing"), Chain, "t1"));
        Assert.False(AccessPolicy.MayReview(new Caller(CallerKind.Unknown, "x", null, null, [], IsAdmin: true), Chain, "t1"));
    }

    [Fact]
    public void A_reviewer_above_the_holding_node_is_a_supervisor_stepping_in()
    {
        Assert.True(AccessPolicy.IsSupervisorSteppingIn(Person("g1"), "u1"));
        Assert.False(AccessPolicy.IsSupervisorSteppingIn(Person("u1"), "u1"));
    }

    [Fact]
    public void The_event_is_read_by_its_chain_its_departments_and_admins_only()
    {
        Assert.True(AccessPolicy.MayReadEvent(Person("u1"), Chain, []));
        Assert.True(AccessPolicy.MayReadEvent(Person("city"), Chain, []));
        Assert.False(AccessPolicy.MayReadEvent(Person("u2"), Chain, []));
        Assert.True(AccessPolicy.MayReadEvent(Department("housing"), Chain, ["housing"]));
        Assert.False(AccessPolicy.MayReadEvent(Department("court"), Chain, ["housing"]));
        Assert.True(AccessPolicy.MayReadEvent(new Caller(CallerKind.Unknown, "x", null, null, [], IsAdmin: true), Chain, []));
        Assert.False(AccessPolicy.MayReadEvent(Caller.Anonymous, Chain, []));
    }

    [Fact]
    public void Only_the_dispatched_department_reports_and_only_for_itself()
    {
        Assert.True(AccessPolicy.MayReportForDispatch(Department("housing"), ["housing"], "housing"));
        Assert.False(AccessPolicy.MayReportForDispatch(Department("housing"), ["housing"], "court"));
        Assert.False(AccessPolicy.MayReportForDispatch(Department("court"), ["housing"], "court"));
        Assert.False(AccessPolicy.MayReportForDispatch(Person("t1"), ["housing"], "housing"));
    }

    [Fact]
    public void A_nodes_figures_are_for_its_people_and_those_above()
    {
        Assert.True(AccessPolicy.MayReadNode(Person("t1"), ["t1", "d1", "city"]));
        Assert.True(AccessPolicy.MayReadNode(Person("city"), ["t1", "d1", "city"]));
        Assert.False(AccessPolicy.MayReadNode(Person("c1"), ["t1", "d1", "city"]));
    }

    [Fact]
    public void Only_admins_import_the_directory()
    {
        Assert.True(AccessPolicy.MayImportDirectory(new Caller(CallerKind.Unknown, "x", null, null, [], IsAdmin: true)));
        Assert.False(AccessPolicy.MayImportDirectory(Person("city")));
    }
}
