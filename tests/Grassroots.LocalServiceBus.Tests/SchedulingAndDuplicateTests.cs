using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

public sealed class SchedulingAndDuplicateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Scheduled_message_arrives_not_before_its_time()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = await OpenSenderAsync(bus, TestBus.Queue);
        var due = WholeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(1));

        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("later") { MessageId = "s1" }, due);

        AssertNotEnqueuedBefore(due, bus.Broker.ActiveMessageCount(TestBus.Queue));
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        var arrived = DateTimeOffset.UtcNow;
        Assert.NotNull(message);
        Assert.Equal("s1", message.MessageId);
        Assert.Equal(sequenceNumber, message.SequenceNumber);
        Assert.True(arrived >= due, $"arrived {arrived:O}, due {due:O}");
        Assert.True(message.EnqueuedTime >= due, $"enqueued {message.EnqueuedTime:O}, due {due:O}");
        Assert.Equal(due, message.ScheduledEnqueueTime);
        await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task Message_sent_with_ScheduledEnqueueTime_waits_for_it()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = await OpenSenderAsync(bus, TestBus.Queue);
        var due = WholeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(1));

        await sender.SendMessageAsync(new ServiceBusMessage("later") { ScheduledEnqueueTime = due });

        AssertNotEnqueuedBefore(due, bus.Broker.ActiveMessageCount(TestBus.Queue));
        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);
        Assert.True(DateTimeOffset.UtcNow >= due);
    }

    [Fact]
    public async Task Cancelled_scheduled_message_is_never_delivered()
    {
        await using var bus = await TestBus.StartAsync();
        await using var sender = await OpenSenderAsync(bus, TestBus.Topic);
        var due = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var cancelled = await sender.ScheduleMessageAsync(
            new ServiceBusMessage("never") { ApplicationProperties = { ["tier"] = "unit" } }, due);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("control") { ApplicationProperties = { ["tier"] = "town" } }, due);

        await sender.CancelScheduledMessageAsync(cancelled);

        // The control message, due at the same moment, proves the broker's clock has passed the due time: without it,
        // an absent message could just be one not delivered yet.
        await using var receiver = bus.Client.CreateReceiver($"{TestBus.Topic}/Subscriptions/audit");
        var control = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal("control", control?.Body.ToString());
        await receiver.CompleteMessageAsync(control);
        Assert.Equal(0, bus.Broker.ActiveMessageCount($"{TestBus.Topic}/Subscriptions/audit"));
        Assert.Equal(0, bus.Broker.ActiveMessageCount($"{TestBus.Topic}/Subscriptions/tier-unit"));
    }

    [Fact]
    public async Task Second_send_with_the_same_MessageId_inside_the_window_is_accepted_but_delivered_once()
    {
        await using var bus = await TestBus.StartAsync();

        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("first") { MessageId = "event-1:notify" });
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("retry") { MessageId = "event-1:notify" });

        await using var receiver = bus.Client.CreateReceiver(TestBus.Queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        Assert.NotNull(message);
        Assert.Equal("first", message.Body.ToString());
        await receiver.CompleteMessageAsync(message);

        // The broker stores a message before it answers the send, so nothing else can still be on its way.
        Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Duplicates_are_dropped_per_entity_including_inside_one_batch()
    {
        await using var bus = await TestBus.StartAsync();

        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("a") { MessageId = "same" }, new ServiceBusMessage("b") { MessageId = "same" });
        await bus.SendAsync(TestBus.Topic, new ServiceBusMessage("c") { MessageId = "same" });

        Assert.Equal(1, bus.Broker.ActiveMessageCount(TestBus.Queue));
        Assert.Equal(1, bus.Broker.ActiveMessageCount($"{TestBus.Topic}/Subscriptions/audit"));
    }

    [Fact]
    public async Task Same_MessageId_after_the_window_is_delivered_again()
    {
        await using var bus = await TestBus.StartAsync(new EntityDefaults(DuplicateDetectionWindow: TimeSpan.FromMilliseconds(300)));

        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("first") { MessageId = "m" });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await bus.SendAsync(TestBus.Queue, new ServiceBusMessage("later") { MessageId = "m" });

        Assert.Equal(2, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    // The count is read before the clock: a message found in the queue must have been enqueued no earlier
    // than due, so seeing it is only wrong while the clock still reads before due. (On a busy machine the
    // schedule call itself can outlast the delay, so the count alone would prove nothing.)
    private static void AssertNotEnqueuedBefore(DateTimeOffset due, int activeCount)
    {
        var checkedAt = DateTimeOffset.UtcNow;
        Assert.True(activeCount == 0 || checkedAt >= due, $"{activeCount} message(s) enqueued by {checkedAt:O}, before {due:O}");
    }

    // Opening the link first keeps connection set-up, slow on a busy machine, out of the timed part.
    private static async Task<ServiceBusSender> OpenSenderAsync(TestBus bus, string entity)
    {
        var sender = bus.Client.CreateSender(entity);
        using var warmUp = await sender.CreateMessageBatchAsync();
        return sender;
    }

    // AMQP timestamps carry milliseconds; a finer due time would be rounded down on the wire.
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);
}
