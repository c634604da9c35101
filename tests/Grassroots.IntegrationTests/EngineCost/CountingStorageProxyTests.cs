using Azure.Data.Tables;
using Azure.Storage.Queues;
using Grassroots.EngineCost;
using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.EngineCost;

[Collection(AzuriteTestGroup.Name)]
public sealed class CountingStorageProxyTests
{
    private static readonly string Azurite =
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={PrivateAzurite.DevelopmentKey};" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    [Fact]
    public async Task Every_request_reaches_Azurite_through_the_proxy_and_is_charged_to_its_table_or_queue_batches_included()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var hub = "H" + id;
        var prefix = "T" + id;
        await using var proxy = await CountingStorageProxy.StartAsync(Azurite, hub, prefix);
        var tables = new TableServiceClient(proxy.ConnectionString);
        var engineTable = tables.GetTableClient(hub + "History");
        var appTable = tables.GetTableClient(prefix + "Events");
        await engineTable.CreateIfNotExistsAsync();
        await appTable.CreateIfNotExistsAsync();
        await engineTable.AddEntityAsync(new TableEntity("p", "r"));
        await appTable.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("e", "1")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("e", "2")),
        ]);
        var queue = new QueueClient(proxy.ConnectionString, (hub + "-control-00").ToLowerInvariant());
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("hello");

        // What went through the proxy is really in Azurite, read without it.
        var direct = new TableServiceClient(Azurite);
        Assert.Equal(2, direct.GetTableClient(prefix + "Events").Query<TableEntity>(e => e.PartitionKey == "e").Count());
        Assert.Equal("hello", (await new QueueClient(Azurite, (hub + "-control-00").ToLowerInvariant()).ReceiveMessageAsync()).Value.Body.ToString());

        var counts = proxy.Snapshot();
        // Creation and batch name their table in the body; both are charged to it, not to "Tables" or "$batch".
        Assert.Equal(2, counts[new StorageResource("table", hub + "History", StorageOwner.Engine)]);
        Assert.Equal(2, counts[new StorageResource("table", prefix + "Events", StorageOwner.App)]);
        Assert.Equal(2, counts[new StorageResource("queue", (hub + "-control-00").ToLowerInvariant(), StorageOwner.Engine)]);
        Assert.DoesNotContain(counts.Keys, r => r.Name is "$batch" or "Tables");
    }

    [Fact]
    public async Task A_traced_proxy_tells_each_request_once_with_its_status_and_a_batch_with_each_of_its_operations()
    {
        var prefix = "T" + Guid.NewGuid().ToString("N")[..8];
        await using var proxy = await CountingStorageProxy.StartAsync(Azurite, "Hunused", prefix);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var table = new TableServiceClient(proxy.ConnectionString).GetTableClient(prefix + "Events");
        await table.CreateIfNotExistsAsync();
        proxy.Trace = lines.Enqueue;

        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("e", "1")),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("e", "2")),
        ]);
        await table.GetEntityIfExistsAsync<TableEntity>("e", "missing");

        Assert.Equal(proxy.Total - 1, lines.Count);
        var batch = Assert.Single(lines, l => l.Contains("$batch", StringComparison.Ordinal));
        Assert.StartsWith("table POST ", batch, StringComparison.Ordinal);
        Assert.Contains(" 202 ", batch, StringComparison.Ordinal);
        Assert.Contains("POST " + prefix + "Events", batch, StringComparison.Ordinal);
        Assert.Contains("PATCH " + prefix + "Events(PartitionKey='e',RowKey='2')", batch, StringComparison.Ordinal);
        Assert.Single(lines, l => l.StartsWith("table GET ", StringComparison.Ordinal) && l.EndsWith(" 404", StringComparison.Ordinal) && l.Contains("RowKey='missing'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("table", "/devstoreaccount1/Hab12History(PartitionKey='x',RowKey='y')", "Hab12History", StorageOwner.Engine)]
    [InlineData("queue", "/devstoreaccount1/hab12-workitems/messages", "hab12-workitems", StorageOwner.Engine)]
    [InlineData("blob", "/devstoreaccount1/hab12-leases/default/control-00", "hab12-leases", StorageOwner.Engine)]
    [InlineData("table", "/devstoreaccount1/Tcd34WorkQueue()", "Tcd34WorkQueue", StorageOwner.App)]
    [InlineData("table", "/devstoreaccount1/Tables", "Tables", StorageOwner.Account)]
    [InlineData("queue", "/devstoreaccount1", "(account)", StorageOwner.Account)]
    public void A_request_is_charged_to_the_engine_by_its_task_hub_name_and_to_the_app_by_its_table_prefix(string service, string path, string name, StorageOwner owner) =>
        Assert.Equal(new StorageResource(service, name, owner), StorageResource.Classify(service, path, body: null, hubName: "Hab12", tablePrefix: "Tcd34"));
}
