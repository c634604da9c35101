using System.Net;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Reporting;

[Collection(AzuriteTestGroup.Name)]
public sealed class ReportingRequestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly string Community = SampleDirectory.IdentityOf("dongxing");
    private readonly TestHost host = fixture.Host;

    [Theory]
    [InlineData("/api/nodes/dongxing/events?status=closed", "status")]
    [InlineData("/api/nodes/dongxing/events?status=open&pageSize=0", "pageSize")]
    [InlineData("/api/nodes/dongxing/events?status=open&pageSize=201", "pageSize")]
    [InlineData("/api/nodes/dongxing/events?status=open&pageSize=ten", "pageSize")]
    [InlineData("/api/nodes/dongxing/events?status=open&continuationToken=not-a-token", "continuationToken")]
    [InlineData("/api/nodes/dongxing/events?status=open&continuationToken=bm90LWEtdG9rZW4", "continuationToken")]
    [InlineData("/api/stats?nodeId=dongxing&to=2026-10-31", "from")]
    [InlineData("/api/stats?nodeId=dongxing&from=2026-10-01", "to")]
    [InlineData("/api/stats?nodeId=dongxing&from=2026-10-31&to=2026-10-01", "to")]
    [InlineData("/api/stats?nodeId=dongxing&from=2025-01-01&to=2026-10-01", "to")]
    [InlineData("/api/stats?nodeId=dongxing&from=01/10/2026&to=2026-10-31", "from")]
    [InlineData("/api/stats?from=2026-10-01&to=2026-10-31", "nodeId")]
    [InlineData("/api/honour-roll?nodeId=dongxing&month=2026-13", "month")]
    [InlineData("/api/honour-roll?nodeId=dongxing", "month")]
    [InlineData("/api/honour-roll?nodeId=dongxing-g1&month=2026-10", "nodeId")]
    [InlineData("/api/nodes/dongxing/breaches?month=October", "month")]
    [InlineData("/api/people/p-dongxing/breaches?pageSize=-1", "pageSize")]
    public async Task Bad_query_parameters_get_400_problem_json_naming_the_parameter(string path, string field)
    {
        using var request = TestHost.As(HttpMethod.Get, path, Community);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_without_from_and_to_are_the_figures_of_the_city_s_current_month()
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/stats?nodeId=dongxing", Community);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var first = new DateOnly(today.Year, today.Month, 1);
        var stats = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal(first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), stats["from"]!.GetValue<string>());
        Assert.Equal(first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), stats["to"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/nodes/dongxing/events?status=open")]
    [InlineData("/api/stats?nodeId=dongxing&from=2026-10-01&to=2026-10-31")]
    [InlineData("/api/honour-roll?nodeId=dongxing&month=2026-10")]
    [InlineData("/api/nodes/dongxing/breaches?month=2026-10")]
    [InlineData("/api/people/p-dongxing/breaches")]
    public async Task Without_an_identity_every_reporting_endpoint_answers_401(string path)
    {
        using var response = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/nodes/dongxing/events?status=open")]
    [InlineData("/api/stats?nodeId=dongxing&from=2026-10-01&to=2026-10-31")]
    [InlineData("/api/honour-roll?nodeId=dongxing&month=2026-10")]
    [InlineData("/api/nodes/dongxing/breaches?month=2026-10")]
    [InlineData("/api/nodes/no-such-node/events?status=open")]
    [InlineData("/api/people/p-dongxing-g2-u1/breaches")]
    public async Task A_unit_head_gets_404_for_nodes_and_people_above_or_beside_them(string path)
    {
        using var request = TestHost.As(HttpMethod.Get, path, SampleDirectory.IdentityOf("dongxing-g1-u1"));
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_community_head_may_not_read_another_community_s_queue()
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/nodes/xialin/events?status=open", Community);
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
