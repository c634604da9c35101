using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.DirectoryImport;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.DirectoryImport;

/// <summary>
/// An import that dies half-way, run by the app's own importer against the host's tables in Azurite (the crash is a
/// storage request that never leaves), then met by the real escalations and by the client's retry through HTTP.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class ImportCrashTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Removed = "bantou-g2-u2";
    private const string Target = "bantou-g2-u1";
    private readonly TestHost host = fixture.Host;

    private static JsonObject WithoutRemovedMovingTo(string target) => DirectoryImports.Sample(d =>
    {
        d["nodes"]!.AsArray().Remove(d.NodeOf(Removed));
        d["moves"] = new JsonObject { ["nodes"] = new JsonObject { [Removed] = target } };
    });

    private async Task<string> CaptureWaitingAsync()
    {
        var (eventId, _) = await host.CaptureAsync(Removed);
        await host.WaitForEventAsync(eventId, e => Events.Holds(e, Tier.Unit) && e.TimelineKinds().Contains("review-requested"));
        return eventId;
    }

    private async Task<EventRow> EventRowAsync(string eventId)
    {
        var events = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        return (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value;
    }

    private async Task<DirectoryImportRow> NewestAuditAsync()
    {
        var audits = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.DirectoryImports);
        await foreach (var row in audits.QueryAsync<DirectoryImportRow>(r => r.PartitionKey == DirectoryImportRow.Partition))
        {
            return row;
        }

        throw new InvalidOperationException("No import on record.");
    }

    private static async Task ImportDyingAsync(DirectoryImporter importer, JsonObject body) =>
        await Assert.ThrowsAsync<IOException>(() => importer.ImportAsync(
            body.ToJsonString(), new DirectoryMoves(new Dictionary<string, string> { [Removed] = Target }, new Dictionary<string, string>()),
            false, SampleDirectory.AdminIdentity, null));

    [Fact]
    public async Task An_import_that_dies_before_its_directory_write_moves_nothing_and_its_rerun_moves_the_event_once()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        var reviewed = await CaptureWaitingAsync();
        var waiting = await CaptureWaitingAsync();
        var crash = new StorageCrash(StorageCrash.DirectoryWrite);

        await ImportDyingAsync(StorageCrash.Importer(host, crash), WithoutRemovedMovingTo(Target));

        // It died after the moves were on the event rows and before the directory changed.
        Assert.True(crash.Crashed);
        var directory = host.Services.GetRequiredService<DirectoryStore>();
        Assert.NotNull(await directory.FindNodeAsync(Removed));
        var stopped = await NewestAuditAsync();
        Assert.False(stopped.Applied);
        foreach (var eventId in new[] { reviewed, waiting })
        {
            var pending = JsonSerializer.Deserialize<PendingTransfer>((await EventRowAsync(eventId)).PendingTransferJson)!;
            Assert.Equal((stopped.ImportId, Removed, Target), (pending.ImportId, pending.FromNodeId, pending.ToNodeId));
        }

        // The unit is still in the directory, so its head still answers for the event: the escalation reads the holder
        // when the review arrives, finds the move on the row, and leaves it be.
        using (var review = await host.ReviewAsync(reviewed, SampleDirectory.Node(Removed), Tier.Unit, "resolve", "fixed"))
        {
            Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        }

        var resolved = await host.WaitForEventAsync(reviewed, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.DoesNotContain("transferred", resolved.TimelineKinds());
        Assert.DoesNotContain("review-rejected", resolved.TimelineKinds());
        Assert.Equal(Removed, resolved["currentNodeId"]!.GetValue<string>());

        // The admin runs the import again: it writes the move afresh under its own id, removes the unit, and the waiting
        // event moves, once.
        var (status, answer) = await host.ImportAsync(WithoutRemovedMovingTo(Target));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Removed], answer["changes"]!.Ids("nodes", "removed"));
        var moved = Assert.Single(answer["moved"]!.AsArray())!;
        Assert.Equal(waiting, moved["eventId"]!.GetValue<string>());
        Assert.Empty(answer["movesAlreadyApplied"]!.AsArray());
        var after = await host.WaitForEventAsync(waiting, e => e.TimelineKinds().Contains("transferred") && e["currentNodeId"]!.GetValue<string>() == Target
            && e.TimelineKinds()[^1] == "review-requested");
        Assert.Single(after.TimelineKinds(), k => k == "transferred");
        var transferred = after["timeline"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "transferred")!;
        Assert.Contains(answer["importId"]!.GetValue<string>(), transferred.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("", (await EventRowAsync(waiting)).PendingTransferJson);

        using (var review = await host.ReviewAsync(waiting, SampleDirectory.Node(Target), Tier.Unit, "resolve", "fixed"))
        {
            Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        }

        var closed = await host.WaitForEventAsync(waiting, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.Single(closed.TimelineKinds(), k => k == "transferred");
        await host.ImportAsync(DirectoryImports.Sample());
    }

    [Fact]
    public async Task An_import_that_dies_after_its_directory_write_still_moves_the_event_and_the_clients_retry_answers_200_moving_nothing_twice()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        var eventId = await CaptureWaitingAsync();
        var crash = new StorageCrash(StorageCrash.AuditMarkedApplied);

        await ImportDyingAsync(StorageCrash.Importer(host, crash), WithoutRemovedMovingTo(Target));

        // The directory changed, the audit is not marked applied, and no escalation was told.
        Assert.True(crash.Crashed);
        Assert.Null(await host.Services.GetRequiredService<DirectoryStore>().FindNodeAsync(Removed));
        var stopped = await NewestAuditAsync();
        Assert.False(stopped.Applied);
        Assert.Contains(Target, (await EventRowAsync(eventId)).PendingTransferJson, StringComparison.Ordinal);

        // The client never had an answer and sends the very same body again: an import that changes nothing, telling
        // which import carried the move out, and telling the event once more.
        var (status, answer) = await host.ImportAsync(WithoutRemovedMovingTo(Target));

        Assert.Equal(HttpStatusCode.OK, status);
        AssertChangesNothing(answer);
        var applied = Assert.Single(answer["movesAlreadyApplied"]!.AsArray())!;
        Assert.Equal(("node", Removed, Target, stopped.ImportId),
            (applied["kind"]!.GetValue<string>(), applied["from"]!.GetValue<string>(), applied["to"]!.GetValue<string>(), applied["importId"]!.GetValue<string>()));
        var after = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("transferred") && e["currentNodeId"]!.GetValue<string>() == Target
            && e.TimelineKinds()[^1] == "review-requested");

        // A retry of the retry still names the import that did the work; the event moved once.
        var (again, retried) = await host.ImportAsync(WithoutRemovedMovingTo(Target));
        Assert.Equal(HttpStatusCode.OK, again);
        AssertChangesNothing(retried);
        Assert.Equal(stopped.ImportId, retried["movesAlreadyApplied"]![0]!["importId"]!.GetValue<string>());

        // A different target for a node that is gone is no retry: refused, as a move of a node the import does not remove.
        var (refused, problem) = await host.ImportAsync(WithoutRemovedMovingTo("bantou-g1-u1"));
        Assert.Equal((HttpStatusCode)422, refused);
        Assert.True(problem["errors"]![$"moves.nodes.{Removed}"] is not null, problem.ToJsonString());

        using (var review = await host.ReviewAsync(eventId, SampleDirectory.Node(Target), Tier.Unit, "resolve", "fixed"))
        {
            Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        }

        var closed = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.Single(closed.TimelineKinds(), k => k == "transferred");
        Assert.Equal(after["timeline"]!.AsArray().Count(s => s!["kind"]!.GetValue<string>() == "arrived"), closed["timeline"]!.AsArray().Count(s => s!["kind"]!.GetValue<string>() == "arrived"));
        await host.ImportAsync(DirectoryImports.Sample());
    }

    private static void AssertChangesNothing(JsonNode answer)
    {
        foreach (var kind in new[] { "nodes", "people", "identities", "departments" })
        {
            foreach (var change in new[] { "added", "changed", "removed" })
            {
                Assert.Empty(answer["changes"]!.Ids(kind, change));
            }
        }

        Assert.Empty(answer["moved"]!.AsArray());
        Assert.Empty(answer["movedDispatches"]!.AsArray());
    }
}
