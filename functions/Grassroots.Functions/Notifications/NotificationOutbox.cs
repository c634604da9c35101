using Azure;
using Azure.Data.Tables;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Notifications;

/// <summary>
/// Notices the broker did not take (missing queue, outage, no right to send), kept until the drain sends them.
/// One partition: the outbox is small when things work, and the drain and health read it in key order.
/// </summary>
public sealed class NotificationOutbox(GrassrootsTables tables, TimeProvider clock)
{
    public const string Partition = "notice";

    private static readonly string[] BacklogColumns = [nameof(OutboxRow.KeptAt)];

    /// <summary>Keeps the notice once, however often its activity is retried.</summary>
    public async Task KeepAsync(Notification notification, string entity, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = clock.GetUtcNow();
        var table = await tables.GetAsync(TableNames.NotificationOutbox);
        try
        {
            await table.AddEntityAsync(new OutboxRow
            {
                PartitionKey = Partition,
                RowKey = notification.MessageId,
                EventId = notification.EventId,
                Kind = notification.Kind,
                Entity = entity,
                Notice = OutboxRow.Serialize(notification),
                KeptAt = now,
                Attempts = 1,
                LastFailure = reason,
                LastAttemptAt = now,
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // An earlier attempt of the same activity kept it already; its KeptAt is the one that counts.
        }
    }

    /// <summary>Every waiting notice, page by page in key order; rows removed meanwhile do not disturb the paging.</summary>
    public async IAsyncEnumerable<OutboxRow> PendingAsync(int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableNames.NotificationOutbox);
        await foreach (var row in table.QueryAsync<OutboxRow>(r => r.PartitionKey == Partition, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> + 1 rows, one column each: cheap however long an outage lasted.</summary>
    public async Task<OutboxBacklog> BacklogAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var table = await tables.GetAsync(TableNames.NotificationOutbox);
        var seen = 0;
        DateTimeOffset? oldest = null;
        await foreach (var page in table.QueryAsync<OutboxRow>(r => r.PartitionKey == Partition, maxPerPage: limit + 1, select: BacklogColumns, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var row in page.Values.Take(limit + 1 - seen))
            {
                seen++;
                oldest = oldest is null || row.KeptAt < oldest ? row.KeptAt : oldest;
            }

            if (seen > limit)
            {
                break;
            }
        }

        return new OutboxBacklog(Math.Min(seen, limit), seen > limit, oldest);
    }

    /// <summary>Removes a sent notice, unless it changed since it was read (the next drain then sends it again, harmlessly).</summary>
    public async Task RemoveAsync(OutboxRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await tables.GetAsync(TableNames.NotificationOutbox);
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Removed by another drain, or touched since it was read.
        }
    }

    /// <summary>Records a failed drain attempt, so the row says how long and why it has been stuck.</summary>
    public async Task NoteFailureAsync(OutboxRow row, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await tables.GetAsync(TableNames.NotificationOutbox);
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(OutboxRow.Attempts)] = row.Attempts + 1,
            [nameof(OutboxRow.LastFailure)] = reason,
            [nameof(OutboxRow.LastAttemptAt)] = clock.GetUtcNow(),
        };
        try
        {
            await table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Sent and removed by another drain meanwhile, or already updated: nothing to record.
        }
    }
}
