using System.Text.Json;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>
/// The inbox projection against real Azurite tables: it follows the event row wherever it says the event waits, and leaves
/// no row behind, also after a projection that stopped half-way.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class InboxProjectionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 1, 15, 59, 59, TimeSpan.Zero);

    private IServiceProvider Services => fixture.Host.Services;

    [Fact]
    public async Task An_event_moves_from_node_to_node_to_its_departments_and_out_of_every_inbox_when_closed()
    {
        var eventId = "EVINBOX-" + Guid.NewGuid().ToString("N")[..8];
        var row = Waiting(eventId, "u1", Deadline);
        await SyncAsync(row);
        Assert.Equal([eventId], await EventsInAsync("n~u1"));

        row = Waiting(eventId, "g1", Deadline.AddHours(2));
        await SyncAsync(row);
        Assert.Empty(await EventsInAsync("n~u1"));
        Assert.Equal([eventId], await EventsInAsync("n~g1"));

        row.Stage = EventStage.Dispatched;
        row.Round = 7;
        row.DispatchesJson = JsonSerializer.Serialize(new[] { Part("housing", 7, DispatchStates.Dispatched), Part("court", 7, DispatchStates.Acknowledged) });
        await SyncAsync(row);
        Assert.Empty(await EventsInAsync("n~g1"));
        Assert.Equal([eventId], await EventsInAsync("d~housing"));
        Assert.Equal([eventId], await EventsInAsync("d~court"));

        row.Status = EventStatus.Resolved;
        row.Stage = EventStage.Done;
        await SyncAsync(row);
        Assert.Empty(await EventsInAsync("d~housing"));
        Assert.Empty(await EventsInAsync("d~court"));
    }

    [Fact]
    public async Task A_projection_that_stopped_after_widening_the_pointer_is_finished_by_the_next_one()
    {
        var eventId = "EVINBOX-" + Guid.NewGuid().ToString("N")[..8];
        var inbox = await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Inbox);
        // What a crash leaves: the pointer names the old and the new place, and only the old row was written.
        var old = InboxEntries.For(Waiting(eventId, "old-node", Deadline)).Single();
        var next = InboxEntries.For(Waiting(eventId, "new-node", Deadline)).Single();
        await inbox.UpsertEntityAsync(old);
        await inbox.AddEntityAsync(new InboxPointerRow
        {
            PartitionKey = InboxPointerRow.PartitionFor(eventId),
            KeysJson = JsonSerializer.Serialize(new[] { new[] { old.PartitionKey, old.RowKey }, new[] { next.PartitionKey, next.RowKey } }),
        });

        await SyncAsync(Waiting(eventId, "new-node", Deadline));

        Assert.Empty(await EventsInAsync("n~old-node"));
        Assert.Equal([eventId], await EventsInAsync("n~new-node"));
        var pointer = await inbox.GetEntityAsync<InboxPointerRow>(InboxPointerRow.PartitionFor(eventId), InboxPointerRow.RowKeyValue);
        Assert.Equal(JsonSerializer.Serialize(new[] { new[] { next.PartitionKey, next.RowKey } }), pointer.Value.KeysJson);
    }

    [Fact]
    public async Task Projecting_the_same_state_twice_changes_nothing()
    {
        var eventId = "EVINBOX-" + Guid.NewGuid().ToString("N")[..8];
        var row = Waiting(eventId, "twice-node", Deadline);
        await SyncAsync(row);
        await SyncAsync(row);
        Assert.Equal([eventId], await EventsInAsync("n~twice-node"));
    }

    private static EventRow Waiting(string eventId, string nodeId, DateTimeOffset deadline) => new()
    {
        PartitionKey = eventId,
        Title = "Stairwell",
        Category = "dispute",
        UnitId = "u1",
        CapturedAt = Deadline.AddHours(-5),
        Status = EventStatus.Open,
        Stage = EventStage.AwaitingReview,
        CurrentTier = "unit",
        CurrentNodeId = nodeId,
        DeadlineUtc = deadline,
        Round = 1,
    };

    private static DispatchRecord Part(string department, int round, string state) =>
        new(round, department, department, "t1", "p-t1", Deadline, Deadline.AddHours(1), Deadline.AddDays(5), state, null);

    private async Task SyncAsync(EventRow row)
    {
        var events = await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        await events.UpsertEntityAsync(row, TableUpdateMode.Replace);
        await Services.GetRequiredService<InboxProjection>().SyncAsync(row.PartitionKey);
    }

    private async Task<List<string>> EventsInAsync(string partition)
    {
        var inbox = await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Inbox);
        var found = new List<string>();
        await foreach (var row in inbox.QueryAsync<InboxRow>(r => r.PartitionKey == partition))
        {
            found.Add(row.EventId);
        }

        return found;
    }
}
