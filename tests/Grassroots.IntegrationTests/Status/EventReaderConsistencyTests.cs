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
    /// row and the timeline in two requests can fall between two steps; it must show them as of one moment: never a
    /// step on the timeline whose change the row lacks (a handover beside the old head), never a row changed by a step
    /// the timeline lacks (a new stage whose step is missing).
    /// </summary>
    [Fact]
    public async Task A_read_shows_the_row_and_the_timeline_as_of_the_same_step()
    {
        var tables = new GrassrootsTables(new TableServiceClient("UseDevelopmentStorage=true"),
            Options.Create(new GrassrootsOptions { TablePrefix = "R" + Guid.NewGuid().ToString("N")[..12] }));
        var events = await tables.GetAsync(TableNames.Events);
        const string eventId = "EV-consistency";
        await events.AddEntityAsync(new TableEntity(eventId, EventRow.RowKeyValue) { [nameof(EventRow.Round)] = 0 });
        var reader = new EventReader(tables);

        const int steps = 200;
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var sequence = 1; sequence <= steps; sequence++)
            {
                await events.SubmitTransactionAsync([
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, TimelineRow.KeyFor(sequence)) { [nameof(TimelineRow.Sequence)] = sequence, [nameof(TimelineRow.Kind)] = "handover" }),
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(eventId, EventRow.RowKeyValue) { [nameof(EventRow.Round)] = sequence }, ETag.All),
                ]);
                // Far faster than any escalation writes steps, yet with room for a read to finish between two of them.
                await Task.Delay(30);
            }
        });

        var reads = 0;
        var behind = new List<string>();
        while (!writer.IsCompleted)
        {
            var stored = await reader.FindAsync(eventId);
            reads++;
            var newestStep = stored!.Timeline.Count == 0 ? 0 : stored.Timeline.Max(t => t.Sequence);
            if (stored.Row.Round != newestStep)
            {
                behind.Add($"row at step {stored.Row.Round}, timeline at step {newestStep}");
            }
        }

        await writer;
        Assert.True(reads >= 30, $"only {reads} reads overlapped the writes");
        Assert.Empty(behind);
    }
}
