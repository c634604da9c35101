using System.Net;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>The read model follows the real orchestration: captured over HTTP, resolved by the unit head over HTTP.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class ReportingEndToEndTests(ReviewHostFixture fixture) : IClassFixture<ReviewHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task An_event_the_unit_head_resolves_moves_from_the_open_to_the_resolved_queue_and_counts_in_the_figures()
    {
        var unit = SampleUnits.UnitUnder("dingfu");
        // The local day can turn (16:00 UTC) between capture and close: the figures are asked for the days around both.
        var dayOfCapture = CityDay();
        var (eventId, _) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "awaiting-review");
        var community = SampleDirectory.IdentityOf("dingfu");
        await WaitForAsync(() => QueueAsync("dingfu", "open", community), ids => ids.Contains(eventId));

        using var review = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed", note = "done" });
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == "resolved");
        await WaitForAsync(() => QueueAsync("dingfu", "resolved", community), ids => ids.Contains(eventId));
        Assert.DoesNotContain(eventId, await QueueAsync("dingfu", "open", community));

        var dayOfClose = CityDay();
        var stats = await GetAsync($"/api/stats?nodeId={unit.Id}&from={dayOfCapture}&to={dayOfClose}", unit.Responsible.IdentityId);
        Assert.Equal(1, stats["captured"]!.GetValue<long>());
        Assert.Equal(1, stats["closed"]!.GetValue<long>());
        Assert.Equal(1, stats["resolvedAtTier"]!["unit"]!["closed"]!.GetValue<long>());
        Assert.Equal(0, stats["openNow"]!.GetValue<long>());

        var roll = await GetAsync($"/api/honour-roll?nodeId=dingfu&month={dayOfCapture[..7]}", community);
        // One event is below the default minimum of five: the head earned points but is not ranked yet.
        Assert.Empty(roll["ranked"]!.AsArray());
        Assert.Equal(1, roll["notRanked"]!.GetValue<int>());
    }

    private static string CityDay() =>
        DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<string>> QueueAsync(string nodeId, string status, string identity) =>
        (await GetAsync($"/api/nodes/{nodeId}/events?status={status}", identity))["items"]!.AsArray().Select(i => i!["eventId"]!.GetValue<string>()).ToList();

    private static async Task WaitForAsync(Func<Task<List<string>>> read, Func<List<string>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition(await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, "The read model did not catch up in time.");
            await Task.Delay(200);
        }
    }

    private async Task<JsonNode> GetAsync(string path, string identity)
    {
        using var request = TestHost.As(HttpMethod.Get, path, identity);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
