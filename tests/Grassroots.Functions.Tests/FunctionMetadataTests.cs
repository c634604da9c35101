using System.Text.Json.Nodes;
using Grassroots.LocalHost;

namespace Grassroots.Functions.Tests;

public sealed class FunctionMetadataTests
{
    private static readonly IReadOnlyList<FunctionDescription> Metadata = FunctionMetadata.Load(AppBuild.OutputDirectory);

    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "Health", "get", "health", "Anonymous" },
        { "CaptureEvent", "post", "events", "Function" },
        { "GetEvent", "get", "events/{id}", "Anonymous" },
        { "TrackEvent", "get", "tracking", "Anonymous" },
        { "SubmitReview", "post", "events/{id}/reviews", "Anonymous" },
        { "ImportDirectory", "post", "directory/import", "Admin" },
        { "GetWorkQueue", "get", "nodes/{nodeId}/events", "Anonymous" },
        { "GetStats", "get", "stats", "Anonymous" },
        { "GetHonourRoll", "get", "honour-roll", "Anonymous" },
        { "GetNodeBreaches", "get", "nodes/{nodeId}/breaches", "Anonymous" },
        { "GetPersonBreaches", "get", "people/{personId}/breaches", "Anonymous" },
        { "GetOpenApi", "get", "openapi.json", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_is_declared_with_its_route_method_and_auth_level(string name, string method, string route, string authLevel)
    {
        var trigger = Single(name).Trigger!;
        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal([method], trigger.Methods);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(authLevel, trigger.AuthLevel);
    }

    [Theory]
    [InlineData("Health")]
    [InlineData("CaptureEvent")]
    [InlineData("SubmitReview")]
    public void Functions_that_talk_to_orchestrations_bind_a_durable_client(string name) =>
        Assert.Contains(Single(name).Bindings, b => b.Type == "durableClient");

    [Fact]
    public void The_escalation_is_an_orchestrator_function() =>
        Assert.Equal("orchestrationTrigger", Single("EventEscalation").Trigger!.Type);

    [Theory]
    [InlineData("RecordStep")]
    [InlineData("Notify")]
    [InlineData("RecordStepAndNotify")]
    [InlineData("RecordStepsAndNotify")]
    [InlineData("ChargeBreach")]
    [InlineData("LinkDuplicate")]
    public void Steps_with_io_are_activity_functions(string name) =>
        Assert.Equal("activityTrigger", Single(name).Trigger!.Type);

    [Fact]
    public void Every_function_points_at_the_app_assembly() =>
        Assert.All(Metadata, f => Assert.Equal("Grassroots.Functions.dll", f.ScriptFile));

    [Fact]
    public void Host_json_names_the_task_hub_under_extensions_durableTask_and_lands_in_the_build_output()
    {
        var root = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json"));
        var built = File.ReadAllText(Path.Combine(AppBuild.OutputDirectory, "host.json"));
        Assert.Equal(root, built);
        var hub = JsonNode.Parse(root)!["extensions"]!["durableTask"]!["hubName"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
        Assert.Equal("2.0", JsonNode.Parse(root)!["version"]!.GetValue<string>());
    }

    private static FunctionDescription Single(string name) => Assert.Single(Metadata, f => f.Name == name);
}
