using System.Net;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Health;

[Collection(AzuriteTestGroup.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_503_and_names_the_table_store_to_admins_only_when_it_is_unreachable()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            // A port nothing listens on; the task hub keeps using Azurite.
            ["GrassrootsTables"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["LocalHost:DirectoryFile"] = "none",
            ["LocalHost:ServiceBus"] = "none",
        });

        using var request = TestHost.As(HttpMethod.Get, "/api/health", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var anonymous = await host.Http.GetAsync("/api/health");
        var anonymousBody = JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("down", body["dependencies"]!["tables"]!["status"]!.GetValue<string>());
        Assert.Equal("up", body["dependencies"]!["taskHub"]!["status"]!.GetValue<string>());
        Assert.Equal("not configured", body["dependencies"]!["serviceBus"]!["status"]!.GetValue<string>());
        // An anonymous caller learns that it is down, not which dependency or why.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
        Assert.Equal(["status"], anonymousBody.Select(p => p.Key));
    }
}
