using System.Text.Json;
using Grassroots.Functions.Directory;

namespace Grassroots.Functions.Tests.Access;

/// <summary>The nodes a caller answers for come from their person row, deputy covers counting only while they last.</summary>
public sealed class DeputyCoverTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Until = new(2026, 12, 11, 0, 0, 0, TimeSpan.FromHours(8));

    private static PersonRow GridWorkerCoveringAUnit() => new()
    {
        RowKey = "p-grid",
        NodeIdsJson = JsonSerializer.Serialize(new[] { "grid" }),
        DeputyForJson = JsonSerializer.Serialize(new[] { new DeputyCover("unit", From, Until) }),
    };

    [Fact]
    public void A_deputy_answers_for_the_covered_node_only_from_the_start_of_the_cover_until_just_before_its_end()
    {
        var person = GridWorkerCoveringAUnit();

        Assert.Equal(["grid"], DirectoryStore.NodesAnsweredFor(person, From.AddTicks(-1)));
        Assert.Equal(["grid", "unit"], DirectoryStore.NodesAnsweredFor(person, From));
        Assert.Equal(["grid", "unit"], DirectoryStore.NodesAnsweredFor(person, Until.AddTicks(-1)));
        Assert.Equal(["grid"], DirectoryStore.NodesAnsweredFor(person, Until));
    }

    [Fact]
    public void Someone_the_directory_no_longer_holds_answers_for_nothing()
    {
        Assert.Empty(DirectoryStore.NodesAnsweredFor(null, From));
    }
}
