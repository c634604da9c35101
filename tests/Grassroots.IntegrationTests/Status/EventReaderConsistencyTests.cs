using Azure;
using Azure.Data.Tables;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Grassroots.IntegrationTests.Status;

[Collection(AzuriteTestGroup.Name)]
public sealed class EventReaderConsistencyTests
{
    /// <summary>
    /// A step commits its timeline row and its change to the event row in one transaction. A reader that takes the
    /// row and the timeline in two requests can fall between two steps; it must never show a step whose change the
    /// row does not have yet (a handover on the timeline while the row still names the old head).
    /// </summary>
    [Fact]
    public async Task A_read_never_shows_a_timeline_step_whose_change_the_event_row_does_not_have_yet()
    {
        var tables = new GrassrootsTables(new TableServiceClient("UseDevelopmentStorage=true"),
            Options.Create(new GrassrootsOptions { TablePrefix = "R" + Guid.NewGuid().ToString("N")[..12] }));
        var events = await tables.GetAsync(TableNames.Events);
        const string eventId = "EV-consistency";
        await events.AddEntityAsync(new TableEntity(eventId, EventRow.RowKeyValue) { [nameof(EventRow.Round)] = 0 });
        var reader = new EventReader(tables);

        const int steps = 300;
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var sequence = 1; sequence <= steps; sequence++)
            {
                await events.SubmitTransactionAsync([
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, TimelineRow.KeyFor(sequence)) { [nameof(TimelineRow.Sequence)] = sequence, [nameof(TimelineRow.Kind)] = "handover" }),
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(eventId, EventRow.RowKeyValue) { [nameof(EventRow.Round)] = sequence }, ETag.All),
                ]);
            }
        });

        var reads = 0;
        var behind = new List<string>();
        while (!writer.IsCompleted)
        {
            var stored = await reader.FindAsync(eventId);
            reads++;
            var newestStep = stored!.Timeline.Count == 0 ? 0 : stored.Timeline.Max(t => t.Sequence);
            if (stored.Row.Round < newestStep)
            {
                behind.Add($"row at step {stored.Row.Round}, timeline at step {newestStep}");
            }
        }

        await writer;
        Assert.True(reads >= 30, $"only {reads} reads overlapped the writes");
        Assert.Empty(behind);
    }
}
