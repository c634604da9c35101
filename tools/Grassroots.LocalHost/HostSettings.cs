using System.Text.Json.Nodes;

namespace Grassroots.LocalHost;

/// <summary>The parts of <c>host.json</c> that shape how the host serves the app: read from the same file Azure reads.</summary>
public sealed record HostSettings(
    string RoutePrefix, string HubName, TimeSpan MaxQueuePollingInterval, TimeSpan? WorkItemQueueVisibilityTimeout, TimeSpan? ControlQueueVisibilityTimeout,
    int? PartitionCount = null)
{
    /// <summary>Reads host.json; app settings under <c>AzureFunctionsJobHost</c> override it, as they do in the Functions host.</summary>
    public static HostSettings Load(string appDirectory, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var path = Path.Combine(appDirectory, "host.json");
        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })
            ?? throw new InvalidDataException($"{path} is empty.");
        var extensions = root["extensions"];
        // Defaults are the Functions host's own: "api" prefix, "TestHubName" hub, 30 s polling back-off.
        var overrides = configuration.GetSection("AzureFunctionsJobHost:extensions");
        var prefix = overrides["http:routePrefix"] ?? extensions?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        var durable = extensions?["durableTask"];
        var hub = overrides["durableTask:hubName"] ?? durable?["hubName"]?.GetValue<string>() ?? "TestHubName";
        string? Provider(string name) =>
            overrides["durableTask:storageProvider:" + name] ?? durable?["storageProvider"]?[name]?.GetValue<string>();
        static TimeSpan? Span(string? value) => value is null ? null : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        return new HostSettings(
            prefix.Trim('/'),
            hub,
            Span(Provider("maxQueuePollingInterval")) ?? TimeSpan.FromSeconds(30),
            Span(Provider("workItemQueueVisibilityTimeout")),
            Span(Provider("controlQueueVisibilityTimeout")),
            overrides["durableTask:storageProvider:partitionCount"] is { } partitions
                ? int.Parse(partitions, System.Globalization.CultureInfo.InvariantCulture)
                : durable?["storageProvider"]?["partitionCount"]?.GetValue<int>());
    }
}
