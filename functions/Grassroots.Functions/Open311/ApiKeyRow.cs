using Azure;
using Azure.Data.Tables;

namespace Grassroots.Functions.Open311;

/// <summary>
/// One Open311 API key. Open311Keys table, PartitionKey = SHA-256 of the key (the key itself is never stored; the
/// hash doubles as the key's id admins revoke it by), RowKey = "". The key says which reporting channel its requests
/// are captured as.
/// </summary>
public sealed class ApiKeyRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Channel { get; set; } = "";
    public string? Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
