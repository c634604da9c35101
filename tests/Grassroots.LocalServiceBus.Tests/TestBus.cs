using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

/// <summary>A broker on a free loopback port and a real client connected to it, for one test.</summary>
internal sealed class TestBus : IAsyncDisposable
{
    public const string Queue = "orders";
    public const string Topic = "review-notifications";

    // Failures should surface within a test's budget, not after the client's default minute of retries.
    private static readonly ServiceBusClientOptions ClientOptions = new()
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) },
    };

    private TestBus(LocalServiceBusBroker broker)
    {
        Broker = broker;
        Client = new ServiceBusClient(broker.ConnectionString, ClientOptions);
    }

    public LocalServiceBusBroker Broker { get; }

    public ServiceBusClient Client { get; }

    /// <summary>One queue and the reviewer topic with two tier subscriptions and an unfiltered audit one.</summary>
    public static ServiceBusTopology Topology(EntityDefaults? defaults = null) => new(
        [Queue],
        [
            new TopicDefinition(Topic,
            [
                new SubscriptionDefinition("tier-unit", new Dictionary<string, string> { ["tier"] = "unit" }),
                new SubscriptionDefinition("tier-grid", new Dictionary<string, string> { ["tier"] = "grid" }),
                new SubscriptionDefinition("audit"),
            ]),
        ],
        defaults ?? new EntityDefaults());

    public static async Task<TestBus> StartAsync(EntityDefaults? defaults = null) =>
        new(await LocalServiceBusBroker.StartAsync(Topology(defaults)));

    /// <summary>A second client means a second AMQP connection, as another process would open.</summary>
    public ServiceBusClient NewClient() => new(Broker.ConnectionString, ClientOptions);

    public async Task SendAsync(string entity, params ServiceBusMessage[] messages)
    {
        await using var sender = Client.CreateSender(entity);
        await sender.SendMessagesAsync(messages);
    }

    /// <summary>For effects that follow an acknowledgement the client does not wait for, such as a processor's auto-complete.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 2 s.");
            await Task.Delay(20);
        }
    }

    public static async Task DelayUntilAsync(DateTimeOffset time)
    {
        var remaining = time - DateTimeOffset.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
