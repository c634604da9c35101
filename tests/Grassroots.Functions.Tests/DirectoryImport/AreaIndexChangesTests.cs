using Grassroots.Domain;
using Grassroots.Domain.Locations;
using Grassroots.Functions.DirectoryImport;

namespace Grassroots.Functions.Tests.DirectoryImport;

public sealed class AreaIndexChangesTests
{
    // 300 m around a corner of four cells, and 50 m inside one of them.
    private static readonly string FourCells = Circle(25.4400, 119.0100, 300);
    private static readonly string OneCell = Circle(25.4420, 119.0120, 50);

    private static string Circle(double lat, double lon, double radius) =>
        UnitArea.Read(new DirectoryAreaEntry { Center = [lat, lon], RadiusMeters = radius }, null, "area", [])!.ToJson();

    private static Dictionary<string, string> Areas(params (string Unit, string Area)[] areas) => areas.ToDictionary(a => a.Unit, a => a.Area);

    [Fact]
    public void Importing_the_same_areas_again_writes_and_deletes_no_cell()
    {
        var changes = AreaIndexChanges.Between(Areas(("u1", FourCells), ("u2", OneCell)), Areas(("u1", FourCells), ("u2", OneCell)));

        Assert.Empty(changes.Writes);
        Assert.Empty(changes.Deletes);
    }

    [Fact]
    public void A_new_area_is_written_under_every_cell_it_touches_with_the_area()
    {
        var changes = AreaIndexChanges.Between(Areas(), Areas(("u1", FourCells)));

        Assert.Equal(["2543_11900", "2543_11901", "2544_11900", "2544_11901"], changes.Writes.Select(w => w.PartitionKey));
        Assert.All(changes.Writes, w => Assert.Equal(("u1", FourCells), (w.RowKey, w.AreaJson)));
        Assert.Empty(changes.Deletes);
    }

    [Fact]
    public void A_shrunk_area_rewrites_the_cells_it_keeps_and_deletes_only_the_cells_it_left()
    {
        var changes = AreaIndexChanges.Between(Areas(("u1", FourCells)), Areas(("u1", OneCell)));

        var kept = Assert.Single(changes.Writes);
        Assert.Equal(("2544_11901", OneCell), (kept.PartitionKey, kept.AreaJson));
        Assert.Equal(["2543_11900", "2543_11901", "2544_11900"], changes.Deletes.Select(d => d.PartitionKey));
    }

    [Fact]
    public void A_removed_unit_or_a_unit_that_lost_its_area_leaves_every_cell()
    {
        var changes = AreaIndexChanges.Between(Areas(("u1", FourCells), ("u2", OneCell)), Areas());

        Assert.Empty(changes.Writes);
        Assert.Equal(5, changes.Deletes.Count);
        Assert.Equal(["u1", "u2"], changes.Deletes.Select(d => d.RowKey).Distinct());
    }
}
