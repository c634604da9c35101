using Azure.Data.Tables;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>Counts rows in the test host's own tables, to prove what a request wrote or did not write.</summary>
public static class TableCounts
{
    public static async Task<int> CountAsync(this TestHost host, string table, string? rowKey = null)
    {
        var client = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(table);
        var count = 0;
        var filter = rowKey is null ? null : TableClient.CreateQueryFilter($"RowKey eq {rowKey}");
        await foreach (var _ in client.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }
}
