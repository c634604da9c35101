using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

using static Grassroots.IntegrationTests.Reporting.KnownDataSet;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>A host of its own, holding only the known data set, with honour-roll minimum 3 events.</summary>
public sealed class KnownDataFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:Points:MinimumEvents"] = "3" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync(Host);
    }
}

[Collection(AzuriteTestGroup.Name)]
public sealed class ReportingKnownDataTests(KnownDataFixture fixture) : IClassFixture<KnownDataFixture>
{
    private static readonly string Admin = SampleDirectory.AdminIdentity;
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Community_figures_for_October_are_exactly_the_known_numbers()
    {
        var stats = await GetAsync($"/api/stats?nodeId={Community}&from=2026-10-01&to=2026-10-31", SampleDirectory.IdentityOf(Community));

        Assert.Equal(8, Long(stats, "captured"));
        Assert.Equal(7, Long(stats, "closed"));
        Assert.Equal(6, Long(stats, "fixed"));
        Assert.Equal(0.875, Double(stats, "closureRate"));
        Assert.Equal(0.75, Double(stats, "fixRate"));
        Assert.Equal(5, stats["resolvedAtTier"]!["unit"]!["closed"]!.GetValue<long>());
        Assert.Equal(0.7143, stats["resolvedAtTier"]!["unit"]!["share"]!.GetValue<double>());
        Assert.Equal(2, stats["resolvedAtTier"]!["grid"]!["closed"]!.GetValue<long>());
        Assert.Equal(0.2857, stats["resolvedAtTier"]!["grid"]!["share"]!.GetValue<double>());
        Assert.Equal(0, stats["resolvedAtTier"]!["community"]!["closed"]!.GetValue<long>());
        Assert.Equal(1.0, Double(stats, "grassrootsShare"));
        // Close times 5, 10, 20, 30, 60, 120, 240 minutes: the median is 30 and the 90th percentile 240, each as its bucket's middle.
        Assert.Equal(Math.Round(CloseTimeHistogram.Representative(CloseTimeHistogram.BucketOf(TimeSpan.FromMinutes(30))).TotalMinutes, 1), Double(stats, "medianMinutesToClose"));
        Assert.Equal(Math.Round(CloseTimeHistogram.Representative(CloseTimeHistogram.BucketOf(TimeSpan.FromMinutes(240))).TotalMinutes, 1), Double(stats, "p90MinutesToClose"));
        Assert.Equal(26.9, Double(stats, "medianMinutesToClose"));
        Assert.Equal(215.3, Double(stats, "p90MinutesToClose"));
        Assert.Equal(2, stats["breachesByTier"]!["unit"]!.GetValue<long>());
        Assert.Equal(0, stats["breachesByTier"]!["grid"]!.GetValue<long>());
        Assert.Equal(1, Long(stats, "openNow"));
        Assert.Equal(1, Long(stats, "overdueNow"));
    }

    [Fact]
    public async Task The_city_sees_every_community_and_a_period_only_counts_its_own_days()
    {
        var city = await GetAsync("/api/stats?nodeId=putian&from=2026-10-01&to=2026-10-31", Admin, "Grassroots.Admin");
        Assert.Equal(9, Long(city, "captured"));
        Assert.Equal(7, Long(city, "closed"));
        Assert.Equal(2, Long(city, "openNow"));
        Assert.Equal(1, Long(city, "overdueNow"));

        // Only E1–E4 were captured and closed on 5 October.
        var fifth = await GetAsync("/api/stats?nodeId=putian&from=2026-10-05&to=2026-10-05", Admin, "Grassroots.Admin");
        Assert.Equal(4, Long(fifth, "captured"));
        Assert.Equal(4, Long(fifth, "closed"));
        Assert.Equal(1.0, Double(fifth, "closureRate"));

        var november = await GetAsync("/api/stats?nodeId=putian&from=2026-11-01&to=2026-11-30", Admin, "Grassroots.Admin");
        Assert.Equal(0, Long(november, "captured"));
        Assert.Null(november["closureRate"]);
        Assert.Null(november["medianMinutesToClose"]);
    }

    [Fact]
    public async Task A_unit_s_figures_hold_only_its_own_events()
    {
        var unitC = await GetAsync($"/api/stats?nodeId={UnitC}&from=2026-10-01&to=2026-10-31", SampleDirectory.IdentityOf(UnitC));
        Assert.Equal(3, Long(unitC, "captured"));
        Assert.Equal(2, Long(unitC, "closed"));
        Assert.Equal(2, unitC["breachesByTier"]!["unit"]!.GetValue<long>());
        Assert.Equal(1, Long(unitC, "overdueNow"));
    }

    [Fact]
    public async Task The_resolved_queue_lists_newest_first_page_by_page()
    {
        var identity = SampleDirectory.IdentityOf(Community);
        var first = await GetAsync($"/api/nodes/{Community}/events?status=resolved&pageSize=3", identity);
        Assert.Equal([E(7), E(6), E(5)], Ids(first));
        var second = await GetAsync($"/api/nodes/{Community}/events?status=resolved&pageSize=3&continuationToken={Token(first)}", identity);
        Assert.Equal([E(4), E(3), E(2)], Ids(second));
        var third = await GetAsync($"/api/nodes/{Community}/events?status=resolved&pageSize=3&continuationToken={Token(second)}", identity);
        Assert.Equal([E(1)], Ids(third));
        Assert.Null(third["continuationToken"]);
        Assert.Equal("closed", first["items"]![2]!["status"]!.GetValue<string>());
        Assert.Equal("duplicate", first["items"]![2]!["outcome"]!.GetValue<string>());
        Assert.Equal("grid", first["items"]![2]!["resolvedTier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_and_overdue_queues_hold_what_is_still_open_under_the_node()
    {
        var identity = SampleDirectory.IdentityOf(Community);
        Assert.Equal([E(8)], Ids(await GetAsync($"/api/nodes/{Community}/events?status=open", identity)));
        Assert.Equal([E(8)], Ids(await GetAsync($"/api/nodes/{Community}/events?status=overdue", identity)));
        Assert.Equal([E(9), E(8)], Ids(await GetAsync("/api/nodes/putian/events?status=open", Admin, "Grassroots.Admin")));
        Assert.Empty(Ids(await GetAsync($"/api/nodes/{UnitA}/events?status=open", SampleDirectory.IdentityOf(UnitA))));
        Assert.Equal([E(4), E(3), E(2), E(1)], Ids(await GetAsync($"/api/nodes/{UnitA}/events?status=resolved", SampleDirectory.IdentityOf(UnitA))));
    }

    [Fact]
    public async Task The_honour_roll_ranks_unit_heads_with_enough_events_by_points()
    {
        var roll = await GetAsync($"/api/honour-roll?month=2026-10&nodeId={Community}", SampleDirectory.IdentityOf(Community));
        var ranked = roll["ranked"]!.AsArray();
        Assert.Equal(2, ranked.Count);
        Assert.Equal((1, "p-dongxing-g1-u1", 28, 4), Place(ranked[0]!));
        Assert.Equal((2, "p-dongxing-g2-u1", 3, 3), Place(ranked[1]!));
        Assert.Equal(UnitA, ranked[0]!["unitId"]!.GetValue<string>());
        // B handled one event (2 points): below the minimum of 3, not ranked.
        Assert.Equal(1, roll["notRanked"]!.GetValue<int>());
        Assert.Equal(3, roll["minimumEvents"]!.GetValue<int>());

        var town = await GetAsync("/api/honour-roll?month=2026-10&nodeId=xitianwei-town", Admin, "Grassroots.Admin");
        Assert.Equal(2, town["ranked"]!.AsArray().Count);
        var november = await GetAsync($"/api/honour-roll?month=2026-11&nodeId={Community}", Admin, "Grassroots.Admin");
        Assert.Empty(november["ranked"]!.AsArray());
    }

    [Fact]
    public async Task A_person_s_breaches_are_listed_for_them_and_for_the_people_above_them()
    {
        var own = await GetAsync("/api/people/p-dongxing-g2-u1/breaches", SampleDirectory.IdentityOf(UnitC));
        Assert.Equal([E(6), E(8)], own["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()));
        Assert.All(own["items"]!.AsArray(), i => Assert.Equal("unit", i!["tier"]!.GetValue<string>()));

        var byGrid = await GetAsync("/api/people/p-dongxing-g2-u1/breaches", SampleDirectory.IdentityOf("dongxing-g2"));
        Assert.Equal(2, byGrid["items"]!.AsArray().Count);

        var paged = await GetAsync("/api/people/p-dongxing-g2-u1/breaches?pageSize=1", Admin, "Grassroots.Admin");
        Assert.Equal([E(6)], paged["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()));
        Assert.NotNull(paged["continuationToken"]);
    }

    [Fact]
    public async Task A_node_s_breach_summary_counts_by_tier_and_by_person()
    {
        var summary = await GetAsync($"/api/nodes/{Community}/breaches?month=2026-10", SampleDirectory.IdentityOf(Community));
        Assert.Equal(2, Long(summary, "total"));
        Assert.Equal(2, summary["byTier"]!["unit"]!.GetValue<long>());
        var person = Assert.Single(summary["people"]!.AsArray())!;
        Assert.Equal("p-dongxing-g2-u1", person["personId"]!.GetValue<string>());
        Assert.Equal(2, person["breaches"]!.GetValue<long>());
        Assert.Equal(UnitC, person["nodeId"]!.GetValue<string>());

        var otherGrid = await GetAsync("/api/nodes/dongxing-g1/breaches?month=2026-10", SampleDirectory.IdentityOf("dongxing-g1"));
        Assert.Equal(0, Long(otherGrid, "total"));
        Assert.Empty(otherGrid["people"]!.AsArray());
    }

    [Fact]
    public async Task Running_every_activity_again_for_the_same_steps_changes_nothing_in_the_read_model()
    {
        var before = await SnapshotAsync();
        await ReplayAsync(host);
        await ReplayAsync(host);
        var after = await SnapshotAsync();
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before, after);
    }

    private async Task<List<string>> SnapshotAsync()
    {
        var tables = host.Services.GetRequiredService<GrassrootsTables>();
        var rows = new List<string>();
        foreach (var name in new[] { TableNames.WorkQueue, TableNames.NodeFigures, TableNames.PeopleMonthly, TableNames.Breaches, TableNames.Events })
        {
            var table = await tables.GetAsync(name);
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                rows.Add(name + "|" + row.PartitionKey + "|" + row.RowKey + "|" +
                    string.Join(",", row.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        return rows;
    }

    private async Task<JsonNode> GetAsync(string path, string identity, params string[] roles)
    {
        using var request = TestHost.As(HttpMethod.Get, path, identity, roles);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static long Long(JsonNode node, string name) => node[name]!.GetValue<long>();

    private static double Double(JsonNode node, string name) => node[name]!.GetValue<double>();

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()).ToList();

    private static string Token(JsonNode page) => Uri.EscapeDataString(page["continuationToken"]!.GetValue<string>());

    private static (int, string, int, int) Place(JsonNode entry) =>
        (entry["rank"]!.GetValue<int>(), entry["personId"]!.GetValue<string>(), entry["points"]!.GetValue<int>(), entry["events"]!.GetValue<int>());
}
