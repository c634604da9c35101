using Azure;
using Azure.Data.Tables;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Events;

/// <summary>A row of the Supervision table: an open event (partition <c>open</c>) or an event under repair (partition <c>repair</c>).</summary>
public sealed class SupervisionRow : ITableEntity
{
    public const string OpenPartition = "open";
    public const string RepairPartition = "repair";

    public string PartitionKey { get; set; } = OpenPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Open: when the event was captured. Repair: when the watchdog first found its escalation broken.</summary>
    public DateTimeOffset Since { get; set; }
}

/// <summary>
/// The events the watchdog looks after, so a run reads the open events only and never scans the Events table. Intake
/// lists an event before it writes the event row; the watchdog drops it once the row says closed. Events it found
/// broken stay listed under repair until it sees their escalation running again; health reports how many and how long.
/// </summary>
public sealed class OpenEventIndex(GrassrootsTables tables)
{
    public async Task ListAsync(string eventId, DateTimeOffset capturedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Supervision);
        await table.UpsertEntityAsync(
            new SupervisionRow { PartitionKey = SupervisionRow.OpenPartition, RowKey = eventId, Since = capturedAt }, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<SupervisionRow> OpenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Supervision);
        await foreach (var row in table.QueryAsync<SupervisionRow>(r => r.PartitionKey == SupervisionRow.OpenPartition, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    public Task UnlistAsync(string eventId, CancellationToken cancellationToken) => DeleteAsync(SupervisionRow.OpenPartition, eventId, cancellationToken);

    /// <summary>Keeps the first time it was found broken: a second run adds nothing.</summary>
    public async Task MarkUnderRepairAsync(string eventId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Supervision);
        try
        {
            await table.AddEntityAsync(new SupervisionRow { PartitionKey = SupervisionRow.RepairPartition, RowKey = eventId, Since = since }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already under repair since an earlier run.
        }
    }

    public Task RepairedAsync(string eventId, CancellationToken cancellationToken) => DeleteAsync(SupervisionRow.RepairPartition, eventId, cancellationToken);

    /// <summary>The events under repair now (a small partition: only what the watchdog found broken and has not yet seen running).</summary>
    public async Task<IReadOnlyList<SupervisionRow>> UnderRepairAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Supervision);
        var rows = new List<SupervisionRow>();
        await foreach (var row in table.QueryAsync<SupervisionRow>(r => r.PartitionKey == SupervisionRow.RepairPartition, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task DeleteAsync(string partition, string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Supervision);
        // Deleting a row that is gone is fine: 404 is ignored by the client.
        await table.DeleteEntityAsync(partition, eventId, ETag.All, cancellationToken);
    }
}
