using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

public sealed class QueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Peek_locked_message_is_gone_once_completed()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("hello") { MessageId = "m1" });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);

        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);
        Assert.Equal("hello", message.Body.ToString());
        Assert.Equal(1, bus.Broker.ActiveMessageCount(TestBus.Queue));

        await receiver.CompleteMessageAsync(message);

        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
        Assert.Null(await receiver.ReceiveMessageAsync(Briefly));
    }

    [Fact]
    public async Task Message_fields_and_application_properties_survive_the_round_trip()
    {
        await using var bus = await TestBus.StartAsync();
        var when = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(8));
        var body = new byte[] { 0, 1, 2, 254, 255 };
        var sent = new ServiceBusMessage(body)
        {
            MessageId = "event-42:notify:unit",
            Subject = "ReviewRequested",
            CorrelationId = "event-42",
            ContentType = "application/json",
            ApplicationProperties =
            {
                ["tier"] = "unit",
                ["attempt"] = 3,
                ["eventNumber"] = 9_000_000_000L,
                ["urgent"] = true,
                ["deadline"] = when,
            },
        };
        var before = DateTimeOffset.UtcNow;
        await bus.SendAsync(TestBus.Queue, sent);
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);

        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(received);
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal(sent.CorrelationId, received.CorrelationId);
        Assert.Equal(sent.ContentType, received.ContentType);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal("unit", received.ApplicationProperties["tier"]);
        Assert.Equal(3, received.ApplicationProperties["attempt"]);
        Assert.Equal(9_000_000_000L, received.ApplicationProperties["eventNumber"]);
        Assert.Equal(true, received.ApplicationProperties["urgent"]);
        Assert.Equal(when, received.ApplicationProperties["deadline"]);
        Assert.True(received.SequenceNumber > 0);
        Assert.Equal(1, received.DeliveryCount);
        Assert.InRange(received.EnqueuedTime, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.InRange(received.LockedUntil, DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
        await receiver.CompleteMessageAsync(received);
    }

    [Fact]
    public async Task Abandoned_message_is_redelivered_with_delivery_count_two()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("x") { MessageId = "m1" });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);

        var first = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(first);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["note"] = "retry" });
        var second = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(second);
        Assert.Equal("m1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal("retry", second.ApplicationProperties["note"]);
        Assert.NotEqual(first.LockToken, second.LockToken);
        await receiver.CompleteMessageAsync(second);
    }

    [Fact]
    public async Task Dead_lettered_message_keeps_reason_and_description_in_the_dead_letter_queue()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("bad") { MessageId = "poison" });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);

        await receiver.DeadLetterMessageAsync(message, "PoisonMessage", "cannot parse the body");

        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
        Assert.Equal(1, bus.Broker.DeadLetterMessageCount(TestBus.Queue));
        await using var deadLetters = bus.Client.CreateReceiver(
            TestBus.Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait);
        Assert.NotNull(dead);
        Assert.Equal("poison", dead.MessageId);
        Assert.Equal("PoisonMessage", dead.DeadLetterReason);
        Assert.Equal("cannot parse the body", dead.DeadLetterErrorDescription);
        Assert.Equal(TestBus.Queue, dead.DeadLetterSource);
        await deadLetters.CompleteMessageAsync(dead);
        Assert.Equal(0, bus.Broker.DeadLetterMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Message_delivered_more_than_max_delivery_count_times_is_dead_lettered_as_MaxDeliveryCountExceeded()
    {
        await using var bus = await TestBus.StartAsync(new EntityDefaults(MaxDeliveryCount: 2));
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("x") { MessageId = "m1" });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            var message = await receiver.ReceiveMessageAsync(Wait);
            Assert.NotNull(message);
            Assert.Equal(delivery, message.DeliveryCount);
            await receiver.AbandonMessageAsync(message);
        }

        Assert.Null(await receiver.ReceiveMessageAsync(Briefly));
        await using var deadLetters = bus.Client.CreateReceiver(
            TestBus.Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait);
        Assert.NotNull(dead);
        Assert.Equal("m1", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Renewing_a_lock_extends_LockedUntil()
    {
        await using var bus = await TestBus.StartAsync(new EntityDefaults(LockDuration: TimeSpan.FromSeconds(2)));
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("x"));
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);
        var firstLock = message.LockedUntil;

        await Task.Delay(TimeSpan.FromSeconds(1));
        await receiver.RenewMessageLockAsync(message);

        Assert.True(message.LockedUntil >= firstLock.AddMilliseconds(900), $"{message.LockedUntil:O} should be about 1 s after {firstLock:O}");

        // Past the first lock's end, only the renewal keeps the message ours.
        await TestBus.DelayUntilAsync(firstLock.AddMilliseconds(300));
        await receiver.CompleteMessageAsync(message);
        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Message_whose_lock_expires_is_delivered_again_with_delivery_count_two()
    {
        await using var bus = await TestBus.StartAsync(new EntityDefaults(LockDuration: TimeSpan.FromSeconds(1)));
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("x") { MessageId = "m1" });
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var first = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(first);

        var again = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(again);
        Assert.Equal("m1", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(again);
    }

    [Fact]
    public async Task Receive_and_delete_removes_messages_without_settling()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("a"), new ServiceBusMessage("b"));
        await using var receiver = bus.Client.CreateReceiver(
            TestBus.Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var received = await ReceiveAsync(receiver, 2);

        Assert.Equal(["a", "b"], received.Select(m => m.Body.ToString()));
        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Batches_and_message_lists_arrive_whole_and_in_order()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = bus.Client.CreateSender(TestBus.Queue);
        using (var batch = await sender.CreateMessageBatchAsync())
        {
            foreach (var id in new[] { "b0", "b1", "b2" })
            {
                Assert.True(batch.TryAddMessage(new ServiceBusMessage(id) { MessageId = id }));
            }

            await sender.SendMessagesAsync(batch);
        }

        await sender.SendMessagesAsync([new ServiceBusMessage("l0") { MessageId = "l0" }, new ServiceBusMessage("l1") { MessageId = "l1" }]);
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);

        var received = await ReceiveAsync(receiver, 5);

        Assert.Equal(["b0", "b1", "b2", "l0", "l1"], received.Select(m => m.MessageId));
        Assert.Equal(received.Select(m => m.SequenceNumber).Order(), received.Select(m => m.SequenceNumber));
    }

    [Fact]
    public async Task Creating_a_message_batch_opens_the_link_without_sending()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = bus.Client.CreateSender(TestBus.Queue);

        using var batch = await sender.CreateMessageBatchAsync();

        Assert.Equal(256 * 1024, batch.MaxSizeInBytes);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Sending_to_an_unknown_entity_fails_with_MessagingEntityNotFound()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = bus.Client.CreateSender("no-such-queue");
        await using var receiver = bus.Client.CreateReceiver("no-such-queue");

        var send = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));
        var receive = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(Briefly));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, send.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receive.Reason);
    }

    internal static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        var deadline = DateTime.UtcNow + Wait;
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, Briefly));
        }

        return received;
    }
}
