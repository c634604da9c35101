using Azure.Data.Tables;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>
/// The counter store against real Azurite tables: a step's updates of one partition go in one transaction, and each still
/// counts once however often it is applied, whatever an earlier attempt left and whatever another writer did meanwhile.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class ProjectionStoreTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private IServiceProvider Services => fixture.Host.Services;

    [Fact]
    public async Task A_replayed_step_applies_nothing_and_counts_each_update_once()
    {
        var (table, partition) = await PartitionAsync();
        var step = Step(partition);

        var first = await Store.ApplyOnceAsync(table, step, CancellationToken.None);
        var replay = await Store.ApplyOnceAsync(table, step, CancellationToken.None);

        Assert.Equal(3, first.Count);
        Assert.Empty(replay);
        Assert.Equal((2L, 1L), await CountsAsync(table, partition));
    }

    [Fact]
    public async Task A_retry_after_an_attempt_that_applied_part_of_the_step_applies_the_rest_once()
    {
        var (table, partition) = await PartitionAsync();
        var step = Step(partition);
        // An earlier attempt's transaction with the first update only committed (its marker and its counter together).
        await Store.ApplyOnceAsync(table, [step[0]], CancellationToken.None);

        var applied = await Store.ApplyOnceAsync(table, step, CancellationToken.None);

        Assert.Equal([step[1].MarkerKey, step[2].MarkerKey], applied);
        Assert.Equal((2L, 1L), await CountsAsync(table, partition));
    }

    [Fact]
    public async Task A_counter_another_writer_changed_since_this_process_cached_it_is_read_again_and_nothing_is_lost()
    {
        var (table, partition) = await PartitionAsync();
        await Store.ApplyOnceAsync(table, [Update(partition, "m~a", "d~day", "Captured", 1)], CancellationToken.None);
        // Another process updates the row: the ETag this process cached is stale now.
        var stored = (await table.GetEntityAsync<TableEntity>(partition, "d~day")).Value;
        stored["Captured"] = 10L;
        await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace);

        await Store.ApplyOnceAsync(table, [Update(partition, "m~b", "d~day", "Captured", 1)], CancellationToken.None);

        Assert.Equal(11L, (await table.GetEntityAsync<TableEntity>(partition, "d~day")).Value.GetInt64("Captured"));
    }

    [Fact]
    public async Task A_counter_row_this_process_never_saw_but_another_writer_stored_is_added_in_vain_then_read_and_nothing_is_lost()
    {
        var (table, partition) = await PartitionAsync();
        // Stored by another process: this one adds the row unread, the Add fails with 409, and the row is read.
        await table.AddEntityAsync(new TableEntity(partition, "d~day") { ["Captured"] = 10L });

        var applied = await Store.ApplyOnceAsync(table, [Update(partition, "m~a", "d~day", "Captured", 1)], CancellationToken.None);

        Assert.Equal(["m~a"], applied);
        Assert.Equal(11L, (await table.GetEntityAsync<TableEntity>(partition, "d~day")).Value.GetInt64("Captured"));
    }

    [Fact]
    public async Task A_retry_in_a_process_that_cached_nothing_after_an_attempt_that_applied_part_of_the_step_applies_the_rest_once()
    {
        var (table, partition) = await PartitionAsync();
        var step = Step(partition);
        await Store.ApplyOnceAsync(table, [step[0]], CancellationToken.None);
        var otherProcess = new ProjectionStore(Services.GetRequiredService<GrassrootsTables>(), new CounterRowCache());

        var applied = await otherProcess.ApplyOnceAsync(table, step, CancellationToken.None);
        var replay = await otherProcess.ApplyOnceAsync(table, step, CancellationToken.None);

        Assert.Equal([step[1].MarkerKey, step[2].MarkerKey], applied);
        Assert.Empty(replay);
        Assert.Equal((2L, 1L), await CountsAsync(table, partition));
    }

    [Fact]
    public async Task Concurrent_steps_of_different_events_on_one_counter_all_count()
    {
        var (table, partition) = await PartitionAsync();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Store.ApplyOnceAsync(table, [Update(partition, "m~ev" + i, "d~day", "Captured", 1)], CancellationToken.None)));

        Assert.Equal(12L, (await table.GetEntityAsync<TableEntity>(partition, "d~day")).Value.GetInt64("Captured"));
    }

    [Fact]
    public async Task Updates_under_one_marker_in_one_step_count_once_as_they_did_one_after_the_other()
    {
        var (table, partition) = await PartitionAsync();
        var handled = Update(partition, "e~person~ev", "p~unit~person", "Events", 1);

        await Store.ApplyOnceAsync(table, [handled, handled with { }], CancellationToken.None);

        Assert.Equal(1L, (await table.GetEntityAsync<TableEntity>(partition, "p~unit~person")).Value.GetInt64("Events"));
    }

    private ProjectionStore Store => Services.GetRequiredService<ProjectionStore>();

    private async Task<(TableClient Table, string Partition)> PartitionAsync() =>
        (await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.NodeFigures), "store-test-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A close as the planner writes it in one node's partition: the day row twice (closed, captured) and the gauge once.</summary>
    private static CounterUpdate[] Step(string partition) =>
    [
        Update(partition, "m~ev~captured", "d~day", "Captured", 1),
        Update(partition, "m~ev~closed", "d~day", "Closed", 1),
        Update(partition, "g~ev~open", "now", "Open", 1),
    ];

    private static CounterUpdate Update(string partition, string marker, string counter, string name, long delta) =>
        new(ProjectionTable.NodeFigures, partition, marker, counter, new Dictionary<string, long> { [name] = delta });

    /// <returns>The day row's Captured + Closed, and the gauge's Open.</returns>
    private static async Task<(long Day, long Open)> CountsAsync(TableClient table, string partition)
    {
        var day = (await table.GetEntityAsync<TableEntity>(partition, "d~day")).Value;
        var now = (await table.GetEntityAsync<TableEntity>(partition, "now")).Value;
        return ((day.GetInt64("Captured") ?? 0) + (day.GetInt64("Closed") ?? 0), now.GetInt64("Open") ?? 0);
    }
}
