using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Domain;
using Grassroots.Domain.Locations;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.DirectoryImport;

/// <summary>
/// The import keeps the UnitAreaCells index in step with the units' areas: every cell an area touches lists the unit,
/// a changed or removed area leaves its old cells, a repeated import writes nothing, and a lookup trusts a cell row only
/// when the unit's node row has the same area.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class UnitAreaIndexTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly GeoPoint InTheShop = new(25.4322, 119.0031);
    private static readonly GeoPoint InXialinBlock = new(25.4402, 119.0105);
    private static readonly GeoPoint XialinMovedTo = new(25.4700, 119.0500);
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task The_index_follows_every_import_and_a_repeated_import_writes_no_cell()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        var seeded = await CellRowsAsync();
        Assert.Equal(Expected(DirectoryImports.Sample()), seeded.Keys.ToHashSet());

        await host.ImportAsync(DirectoryImports.Sample());
        Assert.Equal(seeded, await CellRowsAsync()); // same rows, same timestamps: nothing rewritten

        var changed = DirectoryImports.Sample(d =>
        {
            d.NodeOf("xialin-g1-u1")["area"] = new JsonObject { ["center"] = new JsonArray(XialinMovedTo.Latitude, XialinMovedTo.Longitude), ["radiusMeters"] = 100 };
            d.NodeOf("dongxing-g1-u1").Remove("area");
            d["nodes"]!.AsArray().Remove(d.NodeOf("bantou-g1-u3"));
        });
        var (status, body) = await host.ImportAsync(changed);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());

        Assert.Equal(Expected(changed), (await CellRowsAsync()).Keys.ToHashSet());
        Assert.Equal("xialin-g1-u1", await FindAsync(XialinMovedTo));
        Assert.Null(await FindAsync(InXialinBlock));
        Assert.Null(await FindAsync(new GeoPoint(25.4500, 119.0200)));
        Assert.Equal("bantou-g1-u2", await FindAsync(InTheShop)); // the shop is gone; the estate around it takes the point

        await host.ImportAsync(DirectoryImports.Sample());
        Assert.Equal(Expected(DirectoryImports.Sample()), (await CellRowsAsync()).Keys.ToHashSet());
        Assert.Equal("bantou-g1-u3", await FindAsync(InTheShop));
    }

    [Fact]
    public async Task A_cell_row_whose_area_the_unit_no_longer_has_is_passed_over()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        // What an import that stopped between the cells and the node rows leaves: a cell claiming an area the unit's node row does not have.
        var orphan = UnitArea.Read(new DirectoryAreaEntry { Center = [InTheShop.Latitude, InTheShop.Longitude], RadiusMeters = 1 }, null, "area", [])!;
        var cells = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.UnitAreaCells);
        await cells.UpsertEntityAsync(new UnitAreaCellRow { PartitionKey = AreaCell.Of(InTheShop), RowKey = "dingfu-g1-u1", AreaJson = orphan.ToJson() });

        Assert.Equal("bantou-g1-u3", await FindAsync(InTheShop));

        await cells.DeleteEntityAsync(AreaCell.Of(InTheShop), "dingfu-g1-u1");
    }

    private Task<string?> FindAsync(GeoPoint point) => host.Services.GetRequiredService<UnitLocator>().FindUnitAsync(point, CancellationToken.None);

    private static HashSet<(string Cell, string Unit)> Expected(JsonObject doc) =>
        OrgDirectory.From(DirectoryDocument.Parse(doc.ToJsonString())).Nodes
            .Where(n => n.Area is not null)
            .SelectMany(n => n.Area!.Cells().Select(c => (c, n.Id)))
            .ToHashSet();

    private async Task<Dictionary<(string Cell, string Unit), (DateTimeOffset? Timestamp, string Area)>> CellRowsAsync()
    {
        var cells = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.UnitAreaCells);
        var rows = new Dictionary<(string, string), (DateTimeOffset?, string)>();
        await foreach (var row in cells.QueryAsync<UnitAreaCellRow>())
        {
            rows[(row.PartitionKey, row.RowKey)] = (row.Timestamp, row.AreaJson);
        }

        return rows;
    }
}
