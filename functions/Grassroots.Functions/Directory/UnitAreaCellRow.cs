using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.Directory;

/// <summary>
/// One unit listed under one map cell its area touches (table UnitAreaCells): PartitionKey = the cell
/// (<see cref="Grassroots.Domain.Locations.AreaCell"/>), RowKey = the unit id. The row carries the area, so finding the
/// unit for a point reads the point's cell and nothing else.
/// </summary>
public sealed class UnitAreaCellRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The area as the unit's node row holds it (<see cref="NodeRow.AreaJson"/>).</summary>
    public string AreaJson { get; set; } = "";
}
