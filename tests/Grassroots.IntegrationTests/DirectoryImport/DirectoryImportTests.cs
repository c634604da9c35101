using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.DirectoryImport;

[Collection(AzuriteTestGroup.Name)]
public sealed class DirectoryImportTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task The_sample_directory_imports_twice_without_duplicates()
    {
        // The local host already seeded it once into the empty store; import it twice more through the admin function.
        var seeded = await host.CountAsync(TableNames.Directory);
        var first = await ImportAsync(File.ReadAllText(SampleDirectory.Path));
        var second = await ImportAsync(File.ReadAllText(SampleDirectory.Path));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.Equal(SampleDirectory.Directory.Nodes.Count, first.Body["nodes"]!.GetValue<int>());
        Assert.Equal(SampleDirectory.Directory.Departments.Count, first.Body["departments"]!.GetValue<int>());
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

        var (status, body) = await ImportAsync(broken.ToJsonString());

        Assert.Equal((HttpStatusCode)422, status);
        Assert.True(body["errors"]!.AsObject().Count >= 3, body.ToJsonString());
        Assert.Equal(before, await host.CountAsync(TableNames.Directory));
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(string json)
    {
        using var request = TestHost.As(HttpMethod.Post, "/api/directory/import", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        request.Content = TestHost.Json(json);
        using var response = await host.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
