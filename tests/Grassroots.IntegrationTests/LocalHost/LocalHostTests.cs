using System.Net;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

[Collection(AzuriteTestGroup.Name)]
public sealed class LocalHostTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Health_answers_200_with_tables_and_task_hub_reachable()
    {
        // Details are for admins; anonymous callers get the status only (Hardening/HardeningTests).
        using var request = TestHost.As(HttpMethod.Get, "/api/health", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.Equal("up", body["dependencies"]!["tables"]!["status"]!.GetValue<string>());
        Assert.Equal("up", body["dependencies"]!["taskHub"]!["status"]!.GetValue<string>());
        // Without a configured connection the local host runs its own Service Bus endpoint, and health says so.
        Assert.Equal("up", body["dependencies"]!["serviceBus"]!["status"]!.GetValue<string>());
        Assert.StartsWith("development endpoint sb://127.0.0.1:", body["dependencies"]!["serviceBus"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body["version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_http_trigger_in_the_metadata_answers_at_its_route()
    {
        var triggers = host.Host.Functions.Where(f => f.Description.Trigger?.Type == "httpTrigger").ToList();
        Assert.NotEmpty(triggers);
        foreach (var function in triggers)
        {
            var trigger = function.Description.Trigger!;
            var path = "/api/" + System.Text.RegularExpressions.Regex.Replace(trigger.Route!, "{[^}]+}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(trigger.Methods![0].ToUpperInvariant()), path);
            using var response = await host.Http.SendAsync(request);
            // A function that ran answers with its own content (a 404 of its own is problem+json, or Open311's error array);
            // an unmatched route answers a bare 404.
            Assert.True(
                response.StatusCode != HttpStatusCode.NotFound || (await response.Content.ReadAsStringAsync()).Length > 0,
                $"{function.Description.Name} did not answer at {path}: {(int)response.StatusCode}");
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);

            // Without a caller or a body every function must refuse cleanly (or answer, as health does), never fail.
            Assert.True((int)response.StatusCode < 500, $"{function.Description.Name} failed at {path}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/api/not-a-function")]
    [InlineData("/health")]
    [InlineData("/api/events/x/unknown")]
    public async Task A_path_not_in_the_metadata_answers_404(string path)
    {
        using var response = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }
}
