using System.Net;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Health;

[Collection(AzuriteTestGroup.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_503_naming_the_table_store_when_it_is_unreachable()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            // A port nothing listens on; the task hub keeps using Azurite.
            ["GrassrootsTables"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["LocalHost:DirectoryFile"] = "none",
            ["LocalHost:ServiceBus"] = "none",
        });

        using var response = await host.Http.GetAsync("/api/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("down", body["dependencies"]!["tables"]!["status"]!.GetValue<string>());
        Assert.Equal("up", body["dependencies"]!["taskHub"]!["status"]!.GetValue<string>());
        Assert.Equal("not configured", body["dependencies"]!["serviceBus"]!["status"]!.GetValue<string>());
    }
}
