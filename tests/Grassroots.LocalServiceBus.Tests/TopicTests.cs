using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

public sealed class TopicTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private static string Subscription(string name) => $"{TestBus.Topic}/Subscriptions/{name}";

    [Fact]
    public async Task Message_for_tier_unit_reaches_tier_unit_and_audit_but_not_tier_grid()
    {
        await using var bus = await TestBus.StartAsync();

        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("review") { MessageId = "e1", ApplicationProperties = { ["tier"] = "unit" } });

        Assert.Equal(1, bus.Broker.ActiveMessageCount(Subscription("tier-unit")));
        Assert.Equal(1, bus.Broker.ActiveMessageCount(Subscription("audit")));
        Assert.Equal(0, bus.Broker.ActiveMessageCount(Subscription("tier-grid")));
        foreach (var subscription in new[] { "tier-unit", "audit" })
        {
            await using var receiver = bus.Client.CreateReceiver(TestBus.Topic, subscription);
            var message = await receiver.ReceiveMessageAsync(Wait);
            Assert.NotNull(message);
            Assert.Equal("e1", message.MessageId);
            await receiver.CompleteMessageAsync(message);
        }
    }

    [Fact]
    public async Task Message_without_the_filtered_property_reaches_only_the_unfiltered_subscription()
    {
        await using var bus = await TestBus.StartAsync();

        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("untiered"), new ServiceBusMessage("other") { ApplicationProperties = { ["tier"] = "city" } });

        Assert.Equal(2, bus.Broker.ActiveMessageCount(Subscription("audit")));
        Assert.Equal(0, bus.Broker.ActiveMessageCount(Subscription("tier-unit")));
        Assert.Equal(0, bus.Broker.ActiveMessageCount(Subscription("tier-grid")));
    }

    [Fact]
    public async Task Subscriptions_settle_their_copies_independently()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("review") { ApplicationProperties = { ["tier"] = "grid" } });
        await using var grid = bus.Client.CreateReceiver(TestBus.Topic, "tier-grid");

        var message = await grid.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);
        await grid.CompleteMessageAsync(message);

        Assert.Equal(0, bus.Broker.ActiveMessageCount(Subscription("tier-grid")));
        Assert.Equal(1, bus.Broker.ActiveMessageCount(Subscription("audit")));
    }

    [Fact]
    public async Task Dead_lettered_subscription_message_is_read_from_the_subscription_dead_letter_queue()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("review") { MessageId = "e2", ApplicationProperties = { ["tier"] = "unit" } });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Topic, "tier-unit");
        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);

        await receiver.DeadLetterMessageAsync(message, "NoReviewer", "tier unit has nobody on duty");

        Assert.Equal(1, bus.Broker.DeadLetterMessageCount(Subscription("tier-unit")));
        await using var deadLetters = bus.Client.CreateReceiver(
            TestBus.Topic, "tier-unit", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait);
        Assert.NotNull(dead);
        Assert.Equal("e2", dead.MessageId);
        Assert.Equal("NoReviewer", dead.DeadLetterReason);
        Assert.Equal("tier unit has nobody on duty", dead.DeadLetterErrorDescription);
        await deadLetters.CompleteMessageAsync(dead);
    }

    [Fact]
    public async Task Subscription_dead_letter_queue_is_also_reachable_by_its_lower_case_path()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("review") { ApplicationProperties = { ["tier"] = "unit" } });
        await using (var receiver = bus.Client.CreateReceiver(TestBus.Topic, "tier-unit"))
        {
            var message = await receiver.ReceiveMessageAsync(Wait);
            Assert.NotNull(message);
            await receiver.DeadLetterMessageAsync(message, "Reason");
        }

        await using var deadLetters = bus.Client.CreateReceiver($"{Subscription("tier-unit")}/$deadletterqueue");
        var dead = await deadLetters.ReceiveMessageAsync(Wait);

        Assert.NotNull(dead);
        Assert.Equal("Reason", dead.DeadLetterReason);
    }
}
