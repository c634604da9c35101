using Grassroots.Domain;

namespace Grassroots.Simulator.Tests;

public class DirectoryGeneratorTests
{
    [Fact]
    public void The_default_city_has_Putians_counts_per_tier_and_25_departments_and_passes_the_directory_rules()
    {
        var directory = OrgDirectory.From(DirectoryGenerator.Generate(CityShape.Putian, seed: 7));

        var perTier = directory.Nodes.GroupBy(n => n.Tier).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, perTier[Tier.City]);
        Assert.Equal(5, perTier[Tier.District]);
        Assert.Equal(50, perTier[Tier.Town]);
        Assert.Equal(1000, perTier[Tier.Community]);
        Assert.Equal(4600, perTier[Tier.Grid]);
        Assert.Equal(40000, perTier[Tier.Unit]);
        Assert.Equal(25, directory.Departments.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_and_another_seed_other_identities()
    {
        var shape = CityShape.Scaled(0.02);

        var first = DirectoryGenerator.ToJson(DirectoryGenerator.Generate(shape, seed: 1));
        var again = DirectoryGenerator.ToJson(DirectoryGenerator.Generate(shape, seed: 1));
        var other = DirectoryGenerator.ToJson(DirectoryGenerator.Generate(shape, seed: 2));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Every_person_has_an_identity_of_their_own()
    {
        var directory = OrgDirectory.From(DirectoryGenerator.Generate(CityShape.Scaled(0.05), seed: 3));

        var identities = directory.Nodes.Select(n => n.Responsible.IdentityId).Concat(directory.Departments.Select(d => d.Contact.IdentityId)).ToList();
        Assert.Equal(identities.Count, identities.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_district_department_is_dispatchable_by_its_district_and_its_towns_only_and_a_city_department_by_every_town()
    {
        var directory = OrgDirectory.From(DirectoryGenerator.Generate(CityShape.Scaled(0.1), seed: 3));
        var towns = directory.Nodes.Where(n => n.Tier == Tier.Town).ToList();

        var housing = directory.FindDepartment("d2-housing")!;
        var expected = towns.Where(t => t.ParentId == "d2").Select(t => t.Id).Append("d2").Order(StringComparer.Ordinal);
        Assert.Equal(expected, housing.DispatchableBy.Order(StringComparer.Ordinal));
        Assert.All(towns, t => Assert.Contains(t.Id, directory.FindDepartment("city-court")!.DispatchableBy));
        Assert.All(towns, t => Assert.Contains(directory.Departments, d => d.DispatchableBy.Contains(t.Id) && d.Id.StartsWith(t.ParentId + "-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0.1, 5, 100, 460, 4000)]
    [InlineData(0.001, 5, 5, 5, 40)]
    public void A_scaled_city_scales_towns_communities_grids_and_units_and_keeps_at_least_one_child_per_parent(double scale, int towns, int communities, int grids, int units)
    {
        var shape = CityShape.Scaled(scale);
        var directory = OrgDirectory.From(DirectoryGenerator.Generate(shape, seed: 1));

        Assert.Equal((5, towns, communities, grids, units), (shape.Districts, shape.Towns, shape.Communities, shape.Grids, shape.Units));
        Assert.All(directory.Nodes.Where(n => n.Tier > Tier.Unit), n => Assert.Contains(directory.Nodes, c => c.ParentId == n.Id));
    }

    [Fact]
    public void The_start_up_file_holds_every_department_queue_under_the_city_alone()
    {
        var full = DirectoryGenerator.Generate(CityShape.Scaled(0.01), seed: 5);

        var queues = OrgDirectory.From(DirectoryGenerator.QueuesOnly(full));

        Assert.Single(queues.Nodes);
        Assert.Equal(full.Departments!.Select(d => d!.QueueName), queues.Departments.Select(d => d.QueueName));
    }

    [Fact]
    public void Staged_imports_each_add_at_most_the_batch_keep_parents_before_children_and_end_with_the_whole_city()
    {
        var full = DirectoryGenerator.Generate(CityShape.Scaled(0.02), seed: 5);

        var stages = DirectoryGenerator.Stages(full, maxAddedNodes: 300).ToList();

        Assert.Equal(DirectoryGenerator.ToJson(full), DirectoryGenerator.ToJson(stages[^1]));
        Assert.All(stages.Zip(stages.Skip(1)), pair => Assert.InRange(pair.Second.Nodes!.Count - pair.First.Nodes!.Count, 1, 300));
        Assert.All(stages, stage => OrgDirectory.From(stage));
    }
}
