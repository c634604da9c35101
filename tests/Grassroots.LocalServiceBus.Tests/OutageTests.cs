using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

public sealed class OutageTests
{
    [Fact]
    public async Task A_suspended_broker_refuses_sends_and_keeps_its_messages_for_after_resume()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("before") { MessageId = "m1" });

        await bus.Broker.SuspendAsync();
        await using (var offline = bus.NewClient())
        {
            await using var sender = offline.CreateSender(TestBus.Queue);
            await Assert.ThrowsAnyAsync<Exception>(() => sender.SendMessageAsync(new ServiceBusMessage("during") { MessageId = "m2" }));
        }

        Assert.True(bus.Broker.IsSuspended);
        await bus.Broker.ResumeAsync();

        await using var client = bus.NewClient();
        await using (var sender = client.CreateSender(TestBus.Queue))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("after") { MessageId = "m3" });
            // Duplicate detection survives the outage: the id sent before it is still known.
            await sender.SendMessageAsync(new ServiceBusMessage("before again") { MessageId = "m1" });
        }

        await using var receiver = client.CreateReceiver(TestBus.Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2));
        Assert.Equal(["after", "before"], received.Select(m => m.Body.ToString()).Order());
    }
}
