namespace Grassroots.LocalServiceBus.Tests;

public sealed class ServiceBusTopologyTests
{
    [Fact]
    public void Load_reads_the_infra_entities_file_and_adds_the_department_queues()
    {
        var path = Path.Combine(RepositoryRoot(), "infra", "servicebus-entities.json");

        var topology = ServiceBusTopology.Load(path, ["dept-roads", "dept-water", "dept-roads"]);

        Assert.Equal(["dept-roads", "dept-water"], topology.Queues);
        Assert.Equal(["review-notifications", "reporter-updates"], topology.Topics.Select(t => t.Name));
        var topic = topology.Topics[0];
        Assert.Equal(
            ["tier-unit", "tier-grid", "tier-community", "tier-town", "tier-district", "tier-city", "audit"],
            topic.Subscriptions.Select(s => s.Name));
        var unit = topic.Subscriptions.Single(s => s.Name == "tier-unit");
        Assert.Equal("unit", Assert.Single(unit.CorrelationFilter!, pair => pair.Key == "tier").Value);
        Assert.Null(topic.Subscriptions.Single(s => s.Name == "audit").CorrelationFilter);
        Assert.Equal(new EntityDefaults(10, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), topology.Defaults);
        var reporters = topology.Topics[1];
        Assert.Equal("app", Assert.Single(reporters.Subscriptions.Single(s => s.Name == "channel-app").CorrelationFilter!, pair => pair.Key == "channel").Value);
        Assert.Null(reporters.Subscriptions.Single(s => s.Name == "audit").CorrelationFilter);
    }

    [Fact]
    public async Task Broker_hosts_every_entity_of_the_loaded_topology()
    {
        var topology = ServiceBusTopology.Load(
            Path.Combine(RepositoryRoot(), "infra", "servicebus-entities.json"), ["dept-roads"]);

        await using var broker = await LocalServiceBusBroker.StartAsync(topology);

        Assert.Equal(0, broker.ActiveMessageCount("dept-roads"));
        Assert.Equal(0, broker.DeadLetterMessageCount("review-notifications/Subscriptions/tier-city"));
        Assert.Equal(0, broker.ActiveMessageCount("reporter-updates/Subscriptions/channel-wechat"));
        Assert.Throws<ArgumentException>(() => broker.ActiveMessageCount("dept-unknown"));
        Assert.StartsWith($"Endpoint=sb://127.0.0.1:{broker.Port};", broker.ConnectionString, StringComparison.Ordinal);
        Assert.EndsWith(";UseDevelopmentEmulator=true", broker.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_refuses_a_topology_that_names_an_entity_twice()
    {
        var topology = new ServiceBusTopology(["dup"], [new TopicDefinition("dup", [])], new EntityDefaults());

        await Assert.ThrowsAsync<ArgumentException>(() => LocalServiceBusBroker.StartAsync(topology));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
