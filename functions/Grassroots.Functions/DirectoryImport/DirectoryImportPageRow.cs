using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// One page of an audit column too long for its row (table DirectoryImports, partition <c>pages~{import id}</c>, row
/// <c>{column}~{page D5}</c>). A table property holds at most 64 KB, and a city's first import lists every node,
/// person and identity it adds: about 140,000 ids for Putian. Pages are written before their audit row, under the
/// import's own id, so an audit row never names pages that are not there.
/// </summary>
public sealed class DirectoryImportPageRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Text { get; set; } = "";

    public static string PartitionFor(string importId) => "pages~" + importId;

    public static string RowKeyFor(string column, int page) => column + "~" + page.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
}
