using System.Collections.Concurrent;
using Azure.Data.Tables;
using Grassroots.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Storage;

/// <summary>Hands out the app's tables (with the configured prefix), creating each once per process on first use.</summary>
public sealed class GrassrootsTables(TableServiceClient service, IOptions<GrassrootsOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new();

    public async Task<TableClient> GetAsync(string name)
    {
        var creation = tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await creation.Value;
        }
        catch
        {
            // A failed creation must not stick: the next caller tries again.
            tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, creation));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = service.GetTableClient(options.Value.TablePrefix + name);
        // Not tied to one caller's cancellation: every waiting caller shares this creation.
        await client.CreateIfNotExistsAsync(CancellationToken.None);
        return client;
    }
}
