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

    /// <summary>Every table's row count, by table.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountAllAsync(this TestHost host)
    {
        var counts = new Dictionary<string, int>();
        foreach (var table in TableNames.All)
        {
            counts[table] = await host.CountAsync(table);
        }

        return counts;
    }

    /// <summary>Every table's row count once the orchestrations' last steps stopped writing (projections, notices).</summary>
    public static async Task<IReadOnlyDictionary<string, int>> QuietCountAllAsync(this TestHost host)
    {
        var previous = await host.CountAllAsync();
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(1000);
            var now = await host.CountAllAsync();
            if (now.SequenceEqual(previous))
            {
                return now;
            }

            previous = now;
        }

        throw new TimeoutException("The tables kept changing for 30 seconds.");
    }
}
