using Azure;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>One page of a node's work queue: one query on one partition, at most a page of rows.</summary>
public sealed class WorkQueueReader(GrassrootsTables tables)
{
    /// <returns>The page; null when the store refuses the continuation token.</returns>
    public async Task<WorkQueuePage?> ReadAsync(string nodeId, string status, int pageSize, string? storeToken, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.WorkQueue);
        var partition = WorkQueueRow.PartitionFor(nodeId, status);
        try
        {
            await foreach (var page in table.QueryAsync<WorkQueueRow>(r => r.PartitionKey == partition, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(storeToken, pageSize))
            {
                var items = page.Values
                    .Select(r => new WorkQueueItemView(r.EventId, r.Category, r.Title, r.UnitId, r.CapturedAt, r.Status, r.Outcome, r.ResolvedTier, r.ClosedAt))
                    .ToList();
                return new WorkQueuePage(nodeId, status, items, PageToken.Encode(page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && storeToken is not null)
        {
            return null;
        }

        return new WorkQueuePage(nodeId, status, [], null);
    }
}
