using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.DirectoryImport;

/// <summary>
/// An import replaces the directory. Each test imports the sample with its own change, so what one test changed the
/// next one's import puts back; no test leaves an open event on a node another test removes.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class DirectoryImportTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task The_sample_directory_imports_twice_without_duplicates_and_the_second_import_changes_nothing()
    {
        // The local host already seeded it once into the empty store; import it twice more through the admin function.
        await host.ImportAsync(DirectoryImports.Sample());
        var seeded = await host.CountAsync(TableNames.Directory);
        var (status, answer) = await host.ImportAsync(DirectoryImports.Sample());

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var kind in new[] { "nodes", "people", "identities", "departments" })
        {
            foreach (var change in new[] { "added", "changed", "removed" })
            {
                Assert.Empty(answer["changes"]!.Ids(kind, change));
            }
        }

        Assert.Equal(seeded, await host.CountAsync(TableNames.Directory));
    }

    [Fact]
    public async Task An_invalid_directory_is_refused_whole_with_every_problem_and_nothing_changes()
    {
        var before = await host.CountAsync(TableNames.Directory);
        var broken = JsonNode.Parse(File.ReadAllText(SampleDirectory.Path))!;
        var nodes = broken["nodes"]!.AsArray();
        nodes[^1]!["parentId"] = nodes.First(n => n!["tier"]!.GetValue<string>() == "community")!["id"]!.GetValue<string>();
        nodes.Add(nodes[0]!.DeepClone());
        nodes[1]!["tier"] = "province";

        var (status, body) = await host.ImportAsync(broken.AsObject());

        Assert.Equal((HttpStatusCode)422, status);
        Assert.True(body["errors"]!.AsObject().Count >= 3, body.ToJsonString());
        Assert.Equal(before, await host.CountAsync(TableNames.Directory));
    }

    [Fact]
    public async Task A_dry_run_answers_the_diff_and_writes_nothing_not_even_the_audit()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        var directoryRows = await host.CountAsync(TableNames.Directory);
        var audited = await host.CountAsync(TableNames.DirectoryImports);
        const string Unit = "dingfu-g1-u1";
        var oldHead = SampleDirectory.Node(Unit).Responsible;

        var (status, answer) = await host.ImportAsync(
            DirectoryImports.Sample(d =>
            {
                d.NodeOf(Unit)["responsible"] = DirectoryImports.Person("p-dry-run", "dry-run-identity");
                d["departments"]!.AsArray().RemoveAt(0);
            }),
            "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer["dryRun"]!.GetValue<bool>());
        Assert.Null(answer["importId"]);
        var changes = answer["changes"]!;
        Assert.Equal([Unit], changes.Ids("nodes", "changed"));
        Assert.Equal(["p-dry-run"], changes.Ids("people", "added"));
        Assert.Equal([oldHead.PersonId], changes.Ids("people", "removed"));
        Assert.Equal([SampleDirectory.Directory.Departments.First().Id], changes.Ids("departments", "removed"));
        Assert.Equal((directoryRows, audited), (await host.CountAsync(TableNames.Directory), await host.CountAsync(TableNames.DirectoryImports)));
        // The identity the dry run would remove still works.
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/nodes/{Unit}/events", oldHead.IdentityId));
    }

    [Fact]
    public async Task A_removed_identity_is_refused_and_an_added_one_let_in_on_the_first_request_after_the_import_though_the_directory_cache_held_the_old_rows()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        const string Unit = "dingfu-g1-u2";
        var oldHead = SampleDirectory.Node(Unit).Responsible;
        var newIdentity = Guid.NewGuid().ToString();
        // Read twice: the head's identity and person rows, the unit's chain and the new identity's absence are now in the
        // host's directory cache.
        foreach (var _ in new[] { 1, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/nodes/{Unit}/events", oldHead.IdentityId));
            Assert.InRange((int)await host.StatusOfGetAsync($"/api/nodes/{Unit}/events", newIdentity), 400, 499);
        }

        var (status, _) = await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf(Unit)["responsible"] = DirectoryImports.Person("p-cache-head", newIdentity)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange((int)await host.StatusOfGetAsync($"/api/nodes/{Unit}/events", oldHead.IdentityId), 400, 499);
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/nodes/{Unit}/events", newIdentity));
        await host.ImportAsync(DirectoryImports.Sample());
    }

    [Fact]
    public async Task The_first_capture_after_an_import_names_the_units_new_head_though_the_directory_cache_held_the_old_chain()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        const string Unit = "dingfu-g1-u3";
        var before = await host.CaptureAsync(Unit);
        Assert.Equal(SampleDirectory.Node(Unit).Responsible.PersonId, (await EventRowAsync(before.EventId)).ResponsiblePersonId);

        var (status, _) = await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf(Unit)["responsible"] = DirectoryImports.Person("p-cache-intake", Guid.NewGuid().ToString())));
        var after = await host.CaptureAsync(Unit);

        Assert.Equal(HttpStatusCode.OK, status);
        // Read at once: the row as intake wrote it, before the escalation reads its holder again.
        Assert.Equal("p-cache-intake", (await EventRowAsync(after.EventId)).ResponsiblePersonId);
        await host.ImportAsync(DirectoryImports.Sample());
    }

    [Fact]
    public async Task A_directory_cache_in_another_process_drops_what_it_held_at_its_next_read_after_an_import()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        const string Unit = "dingfu-g1-u2";
        // Another instance of the app: its own cache over the same tables.
        var otherProcess = new DirectoryStore(host.Services.GetRequiredService<GrassrootsTables>());
        Assert.Equal(SampleDirectory.Node(Unit).Responsible.PersonId, (await otherProcess.ChainToCityAsync(Unit))![0].Responsible.PersonId);

        await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf(Unit)["responsible"] = DirectoryImports.Person("p-cache-elsewhere", Guid.NewGuid().ToString())));

        Assert.Equal("p-cache-elsewhere", (await otherProcess.ChainToCityAsync(Unit))![0].Responsible.PersonId);
        Assert.Equal("p-cache-elsewhere", (await otherProcess.FindNodeAsync(Unit))!.Responsible.PersonId);
        await host.ImportAsync(DirectoryImports.Sample());
    }

    private async Task<EventRow> EventRowAsync(string eventId)
    {
        var events = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        return (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value;
    }

    [Fact]
    public async Task Removing_a_node_that_holds_an_open_event_is_refused_with_409_listing_it_and_with_a_move_the_event_is_transferred_with_a_fresh_deadline()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        const string Removed = "bantou-g2-u2";
        const string Target = "bantou-g2-u1";
        var (eventId, _) = await host.CaptureAsync(Removed);
        var before = await host.WaitForEventAsync(eventId, e => Events.Holds(e, Tier.Unit) && e.TimelineKinds().Contains("review-requested"));
        var rows = await host.CountAsync(TableNames.Directory);
        static void WithoutRemoved(JsonObject d) => d["nodes"]!.AsArray().Remove(d.NodeOf(Removed));

        var (refused, problem) = await host.ImportAsync(DirectoryImports.Sample(WithoutRemoved));

        Assert.Equal(HttpStatusCode.Conflict, refused);
        var work = Assert.Single(problem["openWork"]!.AsArray())!;
        Assert.Equal(("node", Removed), (work["kind"]!.GetValue<string>(), work["id"]!.GetValue<string>()));
        Assert.Equal([eventId], work["eventIds"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(rows, await host.CountAsync(TableNames.Directory));
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/events/{eventId}", SampleDirectory.IdentityOf(Removed)));

        var (status, answer) = await host.ImportAsync(DirectoryImports.Sample(d =>
        {
            WithoutRemoved(d);
            d["moves"] = new JsonObject { ["nodes"] = new JsonObject { [Removed] = Target } };
        }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Removed], answer["changes"]!.Ids("nodes", "removed"));
        var moved = Assert.Single(answer["moved"]!.AsArray())!;
        Assert.Equal((eventId, Removed, Target), (moved["eventId"]!.GetValue<string>(), moved["fromNodeId"]!.GetValue<string>(), moved["toNodeId"]!.GetValue<string>()));
        var after = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("transferred") && Events.Holds(e, Tier.Unit) && e["currentNodeId"]!.GetValue<string>() == Target
            && e["round"]!.GetValue<int>() > before["round"]!.GetValue<int>());
        var kinds = after.TimelineKinds();
        Assert.Equal("arrived", kinds[kinds.ToList().IndexOf("transferred") + 1]);
        Assert.Equal(SampleDirectory.Node(Target).Responsible.PersonId, after["responsiblePersonId"]!.GetValue<string>());

        // The client lost the answer and sends the same body again: nothing left to change, the move reported as done.
        var (retried, retry) = await host.ImportAsync(DirectoryImports.Sample(d =>
        {
            WithoutRemoved(d);
            d["moves"] = new JsonObject { ["nodes"] = new JsonObject { [Removed] = Target } };
        }));
        Assert.Equal(HttpStatusCode.OK, retried);
        Assert.Empty(retry["changes"]!.Ids("nodes", "removed"));
        Assert.Empty(retry["moved"]!.AsArray());
        Assert.Equal(
            new JsonObject { ["kind"] = "node", ["from"] = Removed, ["to"] = Target, ["importId"] = answer["importId"]!.GetValue<string>() }.ToJsonString(),
            Assert.Single(retry["movesAlreadyApplied"]!.AsArray())!.ToJsonString());

        using (var queue = TestHost.As(HttpMethod.Get, $"/api/nodes/{Target}/events?status=open", SampleDirectory.IdentityOf(Target)))
        {
            using var listed = await host.Http.SendAsync(queue);
            Assert.Contains(eventId, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The removed unit's head lost access with the unit; the target's head reviews it.
        Assert.Equal(HttpStatusCode.NotFound, await host.StatusOfGetAsync($"/api/events/{eventId}", SampleDirectory.IdentityOf(Removed)));
        using var review = await host.ReviewAsync(eventId, SampleDirectory.Node(Target), Tier.Unit, "resolve", "fixed");
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        var resolved = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.Single(resolved.TimelineKinds(), k => k == "transferred");
        await host.ImportAsync(DirectoryImports.Sample());
    }

    [Fact]
    public async Task Removing_a_department_with_an_open_dispatch_is_refused_with_409_unless_moves_departments_names_where_it_goes_and_then_the_new_department_takes_it_over()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        const string Bureau = "chengxiang-housing";
        const string Court = "chengxiang-court";
        var court = SampleDirectory.Directory.FindDepartment(Court)!;
        var eventId = await host.CaptureAndDispatchAsync(SampleUnits.UnitUnder("xialin").Id, Tier.Town, Bureau);
        var round = await host.CurrentRoundAsync(eventId);
        var rows = await host.CountAsync(TableNames.Directory);
        var audited = await host.CountAsync(TableNames.DirectoryImports);
        JsonObject WithoutBureau(bool move) => DirectoryImports.Sample(d =>
        {
            d["departments"]!.AsArray().Remove(d["departments"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == Bureau));
            if (move)
            {
                d["moves"] = new JsonObject { ["departments"] = new JsonObject { [Bureau] = Court } };
            }
        });

        // Without a move: refused, listing the dispatch, naming moves.departments; nothing written.
        var (refused, problem) = await host.ImportAsync(WithoutBureau(move: false));
        Assert.Equal(HttpStatusCode.Conflict, refused);
        var work = Assert.Single(problem["openWork"]!.AsArray())!;
        Assert.Equal(("department", Bureau, eventId), (work["kind"]!.GetValue<string>(), work["id"]!.GetValue<string>(), work["eventIds"]![0]!.GetValue<string>()));
        Assert.Contains("moves.departments", problem["detail"]?.GetValue<string>() ?? problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("settle", problem.ToJsonString(), StringComparison.Ordinal);

        // A dry run shows the move and writes nothing.
        var (dryStatus, dry) = await host.ImportAsync(WithoutBureau(move: true), "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(MovedDispatch(eventId, round, Bureau, Court), dry["movedDispatches"]!.AsArray().Single()!.ToJsonString());
        Assert.Equal((rows, audited), (await host.CountAsync(TableNames.Directory), await host.CountAsync(TableNames.DirectoryImports)));

        var (status, answer) = await host.ImportAsync(WithoutBureau(move: true));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(MovedDispatch(eventId, round, Bureau, Court), answer["movedDispatches"]!.AsArray().Single()!.ToJsonString());

        // The escalation was told: the part is transferred, the court dispatched anew in the same round, the bureau told to stop.
        var moved = await host.WaitForEventAsync(eventId, e => e["dispatches"]!.AsArray().Any(d => d!["departmentId"]!.GetValue<string>() == Court));
        Assert.Contains("transferred", moved.TimelineKinds());
        var dispatches = moved["dispatches"]!.AsArray();
        Assert.Equal(
            [(Bureau, "transferred", round), (Court, "dispatched", round)],
            dispatches.Select(d => (d!["departmentId"]!.GetValue<string>(), d["state"]!.GetValue<string>(), d["round"]!.GetValue<int>())));
        Assert.True(dispatches[1]!["acknowledgeByUtc"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-1));
        var published = await host.Notifications.WaitForAsync(eventId, m =>
            m.Any(n => n.Subject == "dispatched" && n.EntityPath == court.QueueName) && m.Any(n => n.Subject == "dispatch-withdrawn"));
        Assert.Equal("dept-" + Bureau, published.Single(n => n.Subject == "dispatch-withdrawn").EntityPath);
        Assert.Equal(2, published.Where(n => n.Subject == "dispatched").Select(n => n.MessageId).Distinct().Count());
        host.Notifications.AssertAllValid();
        Assert.Equal(HttpStatusCode.OK, await host.StatusOfGetAsync($"/api/events/{eventId}", court.Contact.IdentityId));

        // The client lost the answer and sends the same body again: nothing left to change, the move reported as done, and
        // the court is not dispatched twice (checked again once the event has closed).
        var (retried, retry) = await host.ImportAsync(WithoutBureau(move: true));
        Assert.Equal(HttpStatusCode.OK, retried);
        Assert.Empty(retry["changes"]!.Ids("departments", "removed"));
        Assert.Empty(retry["movedDispatches"]!.AsArray());
        Assert.Equal(
            new JsonObject { ["kind"] = "department", ["from"] = Bureau, ["to"] = Court, ["importId"] = answer["importId"]!.GetValue<string>() }.ToJsonString(),
            Assert.Single(retry["movesAlreadyApplied"]!.AsArray())!.ToJsonString());

        // The audit lists the moved dispatch.
        using (var request = TestHost.As(HttpMethod.Get, "/api/directory/imports?top=5", SampleDirectory.AdminIdentity, "Grassroots.Admin"))
        using (var response = await host.Http.SendAsync(request))
        {
            var imports = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["imports"]!.AsArray();
            var audit = imports.Single(i => i!["importId"]!.GetValue<string>() == answer["importId"]!.GetValue<string>())!;
            Assert.Equal(MovedDispatch(eventId, round, Bureau, Court), audit["movedDispatches"]!.AsArray().Single()!.ToJsonString());
        }

        // The bureau's late report is refused and changes nothing: its identity went with it, so, like the replaced head in
        // HandoverTests, it is answered 404 as for any event it may not see.
        var steps = moved["timeline"]!.AsArray().Count;
        using (var late = await host.DepartmentReportAsync(eventId, Bureau, "resolved", note: "done anyway"))
        {
            Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        }

        Assert.Equal(steps, (await host.GetEventAsync(eventId, SampleDirectory.AdminIdentity, "Grassroots.Admin"))["timeline"]!.AsArray().Count);

        // The court acknowledges and resolves: the event closes.
        using (var acknowledged = await host.DepartmentReportAsync(eventId, Court, "acknowledged", note: "on it"))
        {
            Assert.Equal(HttpStatusCode.Accepted, acknowledged.StatusCode);
        }

        await host.WaitForEventAsync(eventId, e => e["dispatches"]!.AsArray().Any(d => d!["state"]!.GetValue<string>() == "acknowledged"));
        using (var resolved = await host.DepartmentReportAsync(eventId, Court, "resolved", note: "mediated"))
        {
            Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        }

        var closed = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "resolved");
        Assert.DoesNotContain("department-report-rejected", closed.TimelineKinds());
        Assert.Empty(await host.BreachesOfAsync(eventId));
        Assert.Single(closed.TimelineKinds(), k => k == "transferred");
        Assert.Equal([(Bureau, round), (Court, round)], closed["dispatches"]!.AsArray().Select(d => (d!["departmentId"]!.GetValue<string>(), d["round"]!.GetValue<int>())));
        var sent = await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == "resolved"));
        Assert.Single(sent.Where(n => n.Subject == "dispatch-withdrawn").Select(n => n.MessageId).Distinct());
        Assert.Single(sent.Where(n => n.Subject == "dispatched" && n.EntityPath == court.QueueName).Select(n => n.MessageId).Distinct());
        await host.ImportAsync(DirectoryImports.Sample());
    }

    private static string MovedDispatch(string eventId, int round, string from, string to) =>
        new JsonObject { ["eventId"] = eventId, ["round"] = round, ["fromDepartmentId"] = from, ["toDepartmentId"] = to }.ToJsonString();

    [Fact]
    public async Task A_deputy_on_duty_sees_and_reviews_the_nodes_events_and_the_timeline_names_the_deputy()
    {
        const string Unit = "dongxing-g3-u2";
        var deputyIdentity = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf(Unit)["deputies"] = new JsonArray(
            DirectoryImports.Deputy(DirectoryImports.Person("p-deputy-now", deputyIdentity), now.AddHours(-1), now.AddDays(1)),
            DirectoryImports.Deputy(DirectoryImports.Person("p-deputy-later", "later-identity"), now.AddDays(30), now.AddDays(40)))));
        var (eventId, _) = await host.CaptureAsync(Unit);
        var waiting = await host.WaitForEventAsync(eventId, e => Events.Holds(e, Tier.Unit) && e.TimelineKinds().Contains("review-requested"));

        Assert.Equal("p-deputy-now", waiting["responsiblePersonId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, await host.StatusOfGetAsync($"/api/events/{eventId}", "later-identity"));
        using var review = await host.ReviewAsync(eventId, deputyIdentity, Events.ReviewBody("unit", "resolve", "fixed", "covered while the head is on leave"));
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);

        var closed = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "resolved");
        var resolved = closed["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "resolved")!;
        Assert.Equal(("p-deputy-now", "Name of p-deputy-now"), (resolved["actorId"]!.GetValue<string>(), resolved["actorName"]!.GetValue<string>()));
        Assert.DoesNotContain("supervisor", resolved["note"]!.GetValue<string>(), StringComparison.Ordinal);
        await host.ImportAsync(DirectoryImports.Sample());
    }

    [Fact]
    public async Task A_city_sized_import_is_audited_whole_though_its_diff_is_longer_than_a_table_column_holds()
    {
        // 2,000 units with a head each: about 150,000 characters of added ids, five times what one table property holds.
        const int Units = 2000;
        var (status, added) = await host.ImportAsync(DirectoryImports.Sample(d => d.AddBulkUnits(Units)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Units, added["changes"]!.Ids("nodes", "added").Count);
        var (backStatus, back) = await host.ImportAsync(DirectoryImports.Sample());
        Assert.Equal(HttpStatusCode.OK, backStatus);
        Assert.Equal(Units, back["changes"]!.Ids("identities", "removed").Count);

        var imports = await AuditAsync();
        foreach (var (answer, kind, change) in new[] { (added, "nodes", "added"), (back, "people", "removed") })
        {
            var audit = imports.Single(i => i!["importId"]!.GetValue<string>() == answer["importId"]!.GetValue<string>())!;
            Assert.True(audit["applied"]!.GetValue<bool>());
            Assert.Equal(answer["changes"]!.Ids(kind, change), audit["changes"]!.Ids(kind, change));
        }
    }

    [Fact]
    public async Task An_import_writes_only_the_rows_its_diff_names_and_leaves_the_others_untouched()
    {
        await host.ImportAsync(DirectoryImports.Sample());
        var before = await DirectoryRowsAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        var (status, answer) = await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf("xialin-g3-u2")["name"] = "Renamed for the write test"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["xialin-g3-u2"], answer["changes"]!.Ids("nodes", "changed"));
        var after = await DirectoryRowsAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        // Besides the renamed unit, only the version row the directory cache watches (an import replaces it on purpose).
        Assert.Equal([("node", "xialin-g3-u2"), ("version", "current")], after.Where(r => r.Value != before[r.Key]).Select(r => r.Key).Order());
        await host.ImportAsync(DirectoryImports.Sample());
    }

    private async Task<Dictionary<(string Partition, string Row), DateTimeOffset?>> DirectoryRowsAsync()
    {
        var table = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Directory);
        var rows = new Dictionary<(string, string), DateTimeOffset?>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey", "RowKey", "Timestamp"]))
        {
            rows[(row.PartitionKey, row.RowKey)] = row.Timestamp;
        }

        return rows;
    }

    private async Task<JsonArray> AuditAsync()
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/directory/imports?top=200", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["imports"]!.AsArray();
    }

    [Fact]
    public async Task Every_import_is_audited_with_who_when_and_the_diff_for_admins_only()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (_, first) = await host.ImportAsync(DirectoryImports.Sample(d => d.NodeOf("xialin-g3-u2")["name"] = "Renamed unit"));
        var (_, second) = await host.ImportAsync(DirectoryImports.Sample());

        using var request = TestHost.As(HttpMethod.Get, "/api/directory/imports?top=200", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var imports = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["imports"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = imports.Select(i => i!["importId"]!.GetValue<string>()).ToList();
        var (firstId, secondId) = (first["importId"]!.GetValue<string>(), second["importId"]!.GetValue<string>());
        Assert.True(ids.IndexOf(secondId) >= 0 && ids.IndexOf(secondId) < ids.IndexOf(firstId), "newest first");
        var audit = imports.Single(i => i!["importId"]!.GetValue<string>() == firstId)!;
        Assert.Equal(SampleDirectory.AdminIdentity, audit["importedBy"]!.GetValue<string>());
        Assert.True(audit["importedAt"]!.GetValue<DateTimeOffset>() >= since);
        Assert.True(audit["applied"]!.GetValue<bool>());
        Assert.Equal(["xialin-g3-u2"], audit["changes"]!.Ids("nodes", "changed"));
        Assert.Equal(HttpStatusCode.Forbidden, await host.StatusOfGetAsync("/api/directory/imports", SampleDirectory.IdentityOf("xialin-g3-u2")));
    }
}
