using System.Text.Json.Nodes;

namespace Grassroots.Domain.Tests.Directory;

/// <summary>Deputies on duty (值班), the diff an import answers with, and the moves of open work off removed nodes (转办).</summary>
public sealed class DirectoryLifecycleTests
{
    private static readonly DateTimeOffset LeaveStarts = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset LeaveEnds = new(2026, 12, 11, 0, 0, 0, TimeSpan.FromHours(8));

    private static JsonObject WithDeputy(string personId, DateTimeOffset? from, DateTimeOffset? until)
    {
        var doc = SmallDirectory.Json();
        var deputy = new JsonObject { ["person"] = SmallDirectory.Person(personId) };
        if (from is { } f)
        {
            deputy["from"] = f.ToString("O");
        }

        if (until is { } u)
        {
            deputy["until"] = u.ToString("O");
        }

        doc.NodeAt(5)["deputies"] = new JsonArray(deputy);
        return doc;
    }

    private static IReadOnlyList<DirectoryProblem> Problems(JsonObject doc) => DirectoryValidator.Validate(DirectoryDocument.Parse(doc.ToJsonString()));

    [Fact]
    public void The_deputy_is_on_duty_only_within_the_cover_and_the_head_otherwise()
    {
        var unit = OrgDirectory.Parse(WithDeputy("p-cover", LeaveStarts, LeaveEnds).ToJsonString()).FindNode("unit")!;

        Assert.Equal("p-unit", unit.OnDuty(LeaveStarts.AddTicks(-1)).PersonId);
        Assert.Equal("p-cover", unit.OnDuty(LeaveStarts).PersonId);
        Assert.Equal("p-cover", unit.OnDuty(LeaveEnds.AddTicks(-1)).PersonId);
        Assert.Equal("p-unit", unit.OnDuty(LeaveEnds).PersonId);
        Assert.True(unit.Answers("p-unit", LeaveStarts));
        Assert.False(unit.Answers("p-cover", LeaveEnds));
    }

    [Fact]
    public void A_deputy_may_hold_a_post_elsewhere_and_signs_in_as_that_same_person()
    {
        // The grid worker covers the unit head's leave: one person, one identity.
        var directory = OrgDirectory.Parse(WithDeputy("p-grid", LeaveStarts, LeaveEnds).ToJsonString());

        Assert.Equal("p-grid", directory.FindNode("unit")!.OnDuty(LeaveStarts).PersonId);
        Assert.Single(directory.People(), p => p.PersonId == "p-grid");
    }

    [Theory]
    [InlineData(0, "until")]      // ends when it starts
    [InlineData(-1, "until")]     // ends before it starts
    [InlineData(400, "until")]    // longer than a year
    public void A_cover_that_does_not_end_after_it_starts_or_lasts_over_a_year_is_refused(int days, string field)
    {
        var problems = Problems(WithDeputy("p-cover", LeaveStarts, LeaveStarts.AddDays(days)));

        Assert.Contains(problems, p => p.Path == $"nodes[5].deputies[0].{field}");
    }

    [Fact]
    public void A_cover_without_dates_a_deputy_who_is_the_head_and_an_identity_of_someone_else_are_refused()
    {
        Assert.Contains(Problems(WithDeputy("p-cover", null, LeaveEnds)), p => p.Path == "nodes[5].deputies[0].from");
        Assert.Contains(Problems(WithDeputy("p-cover", LeaveStarts, null)), p => p.Path == "nodes[5].deputies[0].until");
        Assert.Contains(Problems(WithDeputy("p-unit", LeaveStarts, LeaveEnds)), p => p.Path == "nodes[5].deputies[0].person.personId");

        var stolen = WithDeputy("p-cover", LeaveStarts, LeaveEnds);
        stolen.NodeAt(5)["deputies"]![0]!["person"]!["identityId"] = "id-p-grid";
        Assert.Contains(Problems(stolen), p => p.Path == "nodes[5].deputies[0].person.identityId");
    }

    [Fact]
    public void The_changes_list_added_changed_and_removed_ids_in_order()
    {
        var before = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "1" };
        var after = new Dictionary<string, string> { ["b"] = "2", ["c"] = "1", ["e"] = "1", ["d"] = "1" };

        var changes = EntryChanges.Between(before, after);

        Assert.Equal(["d", "e"], changes.Added);
        Assert.Equal(["b"], changes.Changed);
        Assert.Equal(["a"], changes.Removed);
        Assert.True(EntryChanges.Between(before, before).IsEmpty);
    }

    [Fact]
    public void A_move_must_come_from_a_removed_node_and_go_to_a_node_of_the_same_tier_that_stays()
    {
        var next = SmallDirectory.Json();
        next["nodes"]!.AsArray().RemoveAt(8); // unit2 goes
        var directory = OrgDirectory.Parse(next.ToJsonString());
        var stored = OrgDirectory.Parse(SmallDirectory.Json().ToJsonString()).Nodes.ToDictionary(n => n.Id, n => n.Tier);
        var departments = new HashSet<string> { "lands" };

        static DirectoryMoves Nodes(string from, string to) => new(new Dictionary<string, string> { [from] = to }, new Dictionary<string, string>());

        Assert.Empty(Nodes("unit2", "unit").Check(directory, stored, departments));
        Assert.Contains("same tier", Assert.Single(Nodes("unit2", "grid").Check(directory, stored, departments)).Message, StringComparison.Ordinal);
        Assert.Equal("moves.nodes.unit", Assert.Single(Nodes("unit", "unit").Check(directory, stored, departments)).Path);
        Assert.Contains("not a node of the imported directory", Assert.Single(Nodes("unit2", "ghost").Check(directory, stored, departments)).Message, StringComparison.Ordinal);
        var department = new DirectoryMoves(new Dictionary<string, string>(), new Dictionary<string, string> { ["lands"] = "lands" });
        Assert.Equal("moves.departments.lands", Assert.Single(department.Check(directory, stored, departments)).Path);
    }

    [Fact]
    public void A_move_the_newest_import_already_carried_out_is_applied_already_and_any_other_move_of_a_gone_node_is_still_refused()
    {
        var next = SmallDirectory.Json();
        next.Nodes().RemoveAt(8); // unit2 is gone already: the stored directory and the imported one both lack it
        next.Departments().Add(SmallDirectory.Department("court", "town"));
        var directory = next.Build();
        var stored = directory.Nodes.ToDictionary(n => n.Id, n => n.Tier);
        var departments = new HashSet<string> { "lands", "court" };
        var asked = new DirectoryMoves(
            new Dictionary<string, string> { ["unit2"] = "unit", ["ghost"] = "unit" },
            new Dictionary<string, string> { ["bureau"] = "court" });
        var newest = new DirectoryMoves(
            new Dictionary<string, string> { ["unit2"] = "unit", ["ghost"] = "grid" },
            new Dictionary<string, string> { ["bureau"] = "court" });

        var applied = asked.AppliedBy(newest, directory, stored, departments);

        Assert.Equal(["unit2"], applied.Nodes.Keys);
        Assert.Equal(["bureau"], applied.Departments.Keys);
        var rest = asked.Without(applied);
        Assert.Equal("moves.nodes.ghost", Assert.Single(rest.Check(directory, stored, departments)).Path);
        // A node still in the stored directory is never "already moved", whatever the newest import said.
        Assert.Empty(new DirectoryMoves(new Dictionary<string, string> { ["unit"] = "unit" }, new Dictionary<string, string>())
            .AppliedBy(new DirectoryMoves(new Dictionary<string, string> { ["unit"] = "unit" }, new Dictionary<string, string>()), directory, stored, departments).Nodes);
    }

    [Fact]
    public void A_moved_dispatch_must_go_to_a_department_the_dispatching_node_or_the_node_its_events_move_to_may_dispatch_to()
    {
        var next = SmallDirectory.Json();
        next.Departments().Add(SmallDirectory.Department("court", "dist"));
        var directory = next.Build();
        var moves = new DirectoryMoves(new Dictionary<string, string>(), new Dictionary<string, string> { ["bureau"] = "court" });

        var problem = moves.CheckMovedDispatch(directory, "EV1", "bureau", "town");

        Assert.NotNull(problem);
        Assert.Equal("moves.departments.bureau", problem.Path);
        Assert.Contains("EV1", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'town'", problem.Message, StringComparison.Ordinal);
        Assert.Null(moves.CheckMovedDispatch(directory, "EV1", "bureau", "dist"));
        Assert.Null(moves.CheckMovedDispatch(directory, "EV1", "other", "town"));
        var withNodeMove = moves with { Nodes = new Dictionary<string, string> { ["old-town"] = "dist" } };
        Assert.Null(withNodeMove.CheckMovedDispatch(directory, "EV1", "bureau", "old-town"));
    }
}
