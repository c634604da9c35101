using System.Text.Json.Nodes;

namespace Grassroots.Domain.Tests;

public class DirectoryValidatorTests
{
    private static DirectoryProblem SingleProblem(JsonObject doc) => Assert.Single(doc.Problems());

    [Fact]
    public void A_well_formed_directory_has_no_problems() => Assert.Empty(SmallDirectory.Json().Problems());

    [Fact]
    public void Every_problem_is_reported_at_once_each_with_its_path()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(4).Remove("name");
        doc.NodeAt(5)["tier"] = "hamlet";
        doc.DepartmentAt(0)["resolveWithinWorkingDays"] = 0;

        var paths = doc.Problems().Select(p => p.Path).ToList();

        Assert.Equal(["nodes[4].name", "nodes[5].tier", "departments[0].resolveWithinWorkingDays"], paths);
    }

    [Theory]
    [InlineData(null, "Missing")]
    [InlineData(2, "not supported")]
    public void Only_schema_version_1_is_read(int? version, string message)
    {
        var doc = SmallDirectory.Json();
        doc["schemaVersion"] = version;

        var problem = SingleProblem(doc);

        Assert.Equal("schemaVersion", problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("tier")]
    [InlineData("responsible")]
    [InlineData("notificationTarget")]
    public void A_node_missing_a_required_field_is_named_by_path(string field)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(7).Remove(field);

        Assert.Contains(doc.Problems(), p => p.Path == $"nodes[7].{field}");
    }

    [Theory]
    [InlineData("personId")]
    [InlineData("name")]
    [InlineData("role")]
    [InlineData("contact")]
    [InlineData("identityId")]
    public void A_responsible_person_missing_a_field_is_named_by_path(string field)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["responsible"]![field] = " ";

        Assert.Equal($"nodes[5].responsible.{field}", SingleProblem(doc).Path);
    }

    [Fact]
    public void An_empty_identity_id_is_refused_because_nobody_could_sign_in_as_that_person()
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["contact"]!["identityId"] = "";

        Assert.Equal("departments[0].contact.identityId", SingleProblem(doc).Path);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a b")]
    public void An_identity_id_a_storage_key_cannot_hold_is_refused(string identityId)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["responsible"]!["identityId"] = identityId;

        Assert.Equal("nodes[5].responsible.identityId", SingleProblem(doc).Path);
    }

    [Theory]
    [InlineData("Bantou")]
    [InlineData("bantou g1")]
    [InlineData("-bantou")]
    [InlineData("bantou/g1")]
    public void Ids_must_be_lowercase_letters_digits_and_inner_hyphens(string id)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(8)["id"] = id;

        Assert.Contains(doc.Problems(), p => p.Path == "nodes[8].id" && p.Message.Contains("not a valid id", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_tier_is_reported_with_the_tiers_that_exist()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["tier"] = "hamlet";

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[5].tier", problem.Path);
        Assert.Contains("'hamlet'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("unit, grid, community, town, district, city", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Village_street_and_county_are_accepted_as_tier_names()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(1)["tier"] = "county";
        doc.NodeAt(2)["tier"] = "street";
        doc.NodeAt(3)["tier"] = "village";

        Assert.Empty(doc.Problems());
    }

    [Fact]
    public void A_duplicate_node_id_is_reported_where_it_repeats()
    {
        var doc = SmallDirectory.Json();
        doc.Nodes().Add(SmallDirectory.Node("unit", "unit", "grid2"));

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[9].id", problem.Path);
        Assert.Contains("nodes[5]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_a_city_is_refused()
    {
        var doc = SmallDirectory.Json();
        doc.Nodes().RemoveAt(0);

        var problems = doc.Problems();

        Assert.Contains(problems, p => p.Path == "nodes" && p.Message.Contains("no city", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "nodes[0].parentId" && p.Message.Contains("No node has id 'city'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_city_is_refused()
    {
        var doc = SmallDirectory.Json();
        doc.Nodes().Add(SmallDirectory.Node("city2", "city", null));

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[9].tier", problem.Path);
        Assert.Contains("exactly one city", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_city_has_no_parent()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(0)["parentId"] = "dist";

        Assert.Contains(doc.Problems(), p => p.Path == "nodes[0].parentId" && p.Message.Contains("city has no parent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Every_node_but_the_city_needs_a_parent(string? parentId)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(4)["parentId"] = parentId;

        Assert.All(doc.Problems(), p => Assert.Equal("nodes[4].parentId", p.Path));
        Assert.NotEmpty(doc.Problems());
    }

    [Fact]
    public void A_parent_that_does_not_exist_is_refused()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(4)["parentId"] = "nowhere";

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[4].parentId", problem.Path);
        Assert.Contains("'nowhere'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "comm", "The parent of a unit must be a grid, but 'comm' is a community.")]
    [InlineData(4, "town", "The parent of a grid must be a community, but 'town' is a town.")]
    [InlineData(1, "town", "The parent of a district must be a city, but 'town' is a town.")]
    public void A_parent_must_be_exactly_one_tier_above(int index, string parentId, string message)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(index)["parentId"] = parentId;

        Assert.Contains(doc.Problems(), p => p.Path == $"nodes[{index}].parentId" && p.Message == message);
    }

    [Fact]
    public void Parents_that_loop_are_reported_as_a_cycle_once()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(3)["parentId"] = "grid"; // comm → grid → comm

        var cycles = doc.Problems().Where(p => p.Message.Contains("cycle", StringComparison.Ordinal)).ToList();

        var cycle = Assert.Single(cycles);
        Assert.Equal("nodes[3].parentId", cycle.Path);
        Assert.Contains("comm → grid → comm", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_that_is_its_own_parent_is_a_cycle()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(4)["parentId"] = "grid";

        Assert.Contains(doc.Problems(), p => p.Path == "nodes[4].parentId" && p.Message.Contains("grid → grid", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("app:")]
    [InlineData(":p-unit")]
    [InlineData("sms:+86 594")]
    public void A_notification_target_is_channel_colon_address(string target)
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(5)["notificationTarget"] = target;

        Assert.Equal("nodes[5].notificationTarget", SingleProblem(doc).Path);
    }

    [Fact]
    public void A_duplicate_department_id_is_refused()
    {
        var doc = SmallDirectory.Json();
        var copy = SmallDirectory.Department("lands", "town");
        copy["queueName"] = "dept-lands-2";
        copy["contact"] = SmallDirectory.Person("p-other-desk", "app-other");
        doc.Departments().Add(copy);

        var problem = SingleProblem(doc);

        Assert.Equal("departments[1].id", problem.Path);
        Assert.Contains("Duplicate department id 'lands'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_departments_cannot_share_a_queue()
    {
        var doc = SmallDirectory.Json();
        var other = SmallDirectory.Department("housing", "town");
        other["queueName"] = "dept-lands";
        doc.Departments().Add(other);

        Assert.Equal("departments[1].queueName", SingleProblem(doc).Path);
    }

    [Theory]
    [InlineData("Dept-Lands")]
    [InlineData("dept lands")]
    [InlineData("dept/lands")]
    [InlineData("-dept-lands")]
    [InlineData("dept-lands.")]
    public void A_queue_name_must_follow_the_service_bus_rules_in_lowercase(string queueName)
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["queueName"] = queueName;

        Assert.Equal("departments[0].queueName", SingleProblem(doc).Path);
    }

    [Fact]
    public void Queue_names_may_use_dots_and_underscores_up_to_260_characters()
    {
        Assert.True(ServiceBusQueueName.IsValid("dept.lands_1"));
        Assert.True(ServiceBusQueueName.IsValid(new string('a', 260)));
        Assert.False(ServiceBusQueueName.IsValid(new string('a', 261)));
        Assert.False(ServiceBusQueueName.IsValid(""));
        Assert.Equal("dept-lands", ServiceBusQueueName.ForDepartment("lands"));
    }

    [Fact]
    public void Dispatch_rights_must_name_nodes_that_exist()
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["dispatchableBy"] = new JsonArray("town", "atlantis");

        var problem = SingleProblem(doc);

        Assert.Equal("departments[0].dispatchableBy[1]", problem.Path);
        Assert.Contains("'atlantis'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("comm", "community")]
    [InlineData("grid", "grid")]
    [InlineData("unit", "unit")]
    public void Only_town_tier_nodes_and_above_may_hold_dispatch_rights(string nodeId, string tier)
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["dispatchableBy"] = new JsonArray("town", nodeId);

        var problem = SingleProblem(doc);

        Assert.Equal("departments[0].dispatchableBy[1]", problem.Path);
        Assert.Contains($"is a {tier}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_department_nobody_may_dispatch_to_is_refused()
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["dispatchableBy"] = new JsonArray();

        Assert.Equal("departments[0].dispatchableBy", SingleProblem(doc).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    [InlineData(-5)]
    public void Resolve_periods_outside_1_to_60_working_days_are_refused(int days)
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["resolveWithinWorkingDays"] = days;

        Assert.Equal("departments[0].resolveWithinWorkingDays", SingleProblem(doc).Path);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public void Resolve_periods_of_1_and_60_working_days_are_allowed(int days)
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["resolveWithinWorkingDays"] = days;

        Assert.Empty(doc.Problems());
    }

    [Fact]
    public void A_person_id_reused_with_other_details_is_refused()
    {
        var doc = SmallDirectory.Json();
        var impostor = SmallDirectory.Person("p-unit");
        impostor["name"] = "Someone else";
        doc.NodeAt(8)["responsible"] = impostor;

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[8].responsible", problem.Path);
        Assert.Contains("nodes[5].responsible", problem.Message, StringComparison.Ordinal);
        Assert.Contains("name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_person_may_hold_posts_at_two_nodes_under_different_roles()
    {
        var doc = SmallDirectory.Json();
        var samePerson = SmallDirectory.Person("p-comm");
        samePerson["role"] = "Community party committee member and grid worker";
        doc.NodeAt(4)["responsible"] = samePerson;

        Assert.Empty(doc.Problems());
    }

    [Fact]
    public void Two_people_cannot_sign_in_with_the_same_identity()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(8)["responsible"]!["identityId"] = "id-p-unit";

        var problem = SingleProblem(doc);

        Assert.Equal("nodes[8].responsible.identityId", problem.Path);
        Assert.Contains("person 'p-unit'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_department_cannot_sign_in_with_a_persons_identity()
    {
        var doc = SmallDirectory.Json();
        doc.DepartmentAt(0)["contact"]!["identityId"] = "id-p-town";

        Assert.Equal("departments[0].contact.identityId", SingleProblem(doc).Path);
    }

    [Fact]
    public void Two_departments_cannot_share_one_contact_identity()
    {
        var doc = SmallDirectory.Json();
        var other = SmallDirectory.Department("housing", "town");
        other["contact"] = SmallDirectory.Person("p-lands-desk", "app-lands");
        doc.Departments().Add(other);

        var problem = SingleProblem(doc);

        Assert.Equal("departments[1].contact.identityId", problem.Path);
        Assert.Contains("department 'lands'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_entries_are_reported_not_thrown()
    {
        var doc = SmallDirectory.Json();
        doc.Nodes().Add(null);
        doc.Departments().Add(null);

        var paths = doc.Problems().Select(p => p.Path).ToList();

        Assert.Equal(["nodes[9]", "departments[1]"], paths);
    }

    [Fact]
    public void Missing_node_and_department_lists_are_reported()
    {
        var paths = DirectoryValidator.Validate(DirectoryDocument.Parse("{\"schemaVersion\":1}")).Select(p => p.Path).ToList();

        Assert.Equal(["nodes", "departments"], paths);
    }
}
