using Azure;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>A person's breaches, page by page: the person's partition of the Breaches table, in event order.</summary>
public sealed class BreachReader(GrassrootsTables tables)
{
    /// <returns>The page; null when the store refuses the continuation token.</returns>
    public async Task<PersonBreachesPage?> ReadAsync(string personId, int pageSize, string? storeToken, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Breaches);
        try
        {
            await foreach (var page in table.QueryAsync<BreachRow>(r => r.PartitionKey == personId, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(storeToken, pageSize))
            {
                var items = page.Values
                    .Select(b => new BreachView(b.EventId, b.Kind, b.Tier, b.NodeId, b.PersonId, b.PersonName, b.DeadlineUtc, b.DetectedAt))
                    .ToList();
                return new PersonBreachesPage(personId, items, PageToken.Encode(page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && storeToken is not null)
        {
            return null;
        }

        return new PersonBreachesPage(personId, [], null);
    }
}
