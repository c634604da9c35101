using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace Grassroots.LocalServiceBus.Tests;

public sealed class ProcessorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Processor_with_auto_complete_and_concurrent_calls_consumes_every_message_once()
    {
        await using var bus = await TestBus.StartAsync();
        List<string> ids = [.. Enumerable.Range(0, 40).Select(i => $"m{i}")];
        await bus.SendAsync(TestBus.Queue, ids.Select(id => new ServiceBusMessage(id) { MessageId = id }).ToArray());
        var seen = new ConcurrentBag<string>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = bus.Client.CreateProcessor(
            TestBus.Queue, new ServiceBusProcessorOptions { AutoCompleteMessages = true, MaxConcurrentCalls = 4 });
        processor.ProcessMessageAsync += async args =>
        {
            await Task.Delay(10, args.CancellationToken);
            seen.Add(args.Message.MessageId);
            if (seen.Count == ids.Count)
            {
                allSeen.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            allSeen.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await allSeen.Task.WaitAsync(Wait);
        await processor.StopProcessingAsync();

        Assert.Equal(ids.Order(), seen.Order());
        await TestBus.EventuallyAsync(() => bus.Broker.ActiveMessageCount(TestBus.Queue) == 0);
    }

    [Fact]
    public async Task Processor_with_manual_complete_settles_what_the_handler_completes()
    {
        await using var bus = await TestBus.StartAsync();
        await bus.SendAsync(TestBus.Topic, [.. Enumerable.Range(0, 10)
            .Select(i => new ServiceBusMessage($"r{i}") { MessageId = $"r{i}", ApplicationProperties = { ["tier"] = "unit" } })]);
        var completed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = bus.Client.CreateProcessor(
            TestBus.Topic, "tier-unit", new ServiceBusProcessorOptions { AutoCompleteMessages = false, MaxConcurrentCalls = 3 });
        processor.ProcessMessageAsync += async args =>
        {
            await args.CompleteMessageAsync(args.Message, args.CancellationToken);
            if (Interlocked.Increment(ref completed) == 10)
            {
                done.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            done.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(Wait);
        await processor.StopProcessingAsync();

        Assert.Equal(0, bus.Broker.ActiveMessageCount($"{TestBus.Topic}/Subscriptions/tier-unit"));
        Assert.Equal(10, bus.Broker.ActiveMessageCount($"{TestBus.Topic}/Subscriptions/audit"));
    }

    [Fact]
    public async Task Several_connections_sending_and_receiving_at_once_move_every_message_exactly_once()
    {
        await using var bus = await TestBus.StartAsync();
        const int Producers = 3;
        const int PerProducer = 30;
        var clients = Enumerable.Range(0, Producers * 2).Select(_ => bus.NewClient()).ToList();
        try
        {
            var received = new ConcurrentDictionary<string, int>();
            using var stop = new CancellationTokenSource(Wait);

            var consumers = clients.Skip(Producers).Select(client => Task.Run(async () =>
            {
                await using var receiver = client.CreateReceiver(TestBus.Queue);
                while (received.Count < Producers * PerProducer && !stop.IsCancellationRequested)
                {
                    foreach (var message in await receiver.ReceiveMessagesAsync(10, TimeSpan.FromMilliseconds(200)))
                    {
                        received.AddOrUpdate(message.MessageId, 1, (_, count) => count + 1);
                        await receiver.CompleteMessageAsync(message);
                    }
                }
            })).ToList();

            var producers = clients.Take(Producers).Select((client, p) => Task.Run(async () =>
            {
                await using var sender = client.CreateSender(TestBus.Queue);
                for (var i = 0; i < PerProducer; i++)
                {
                    await sender.SendMessageAsync(new ServiceBusMessage("x") { MessageId = $"p{p}-{i}" });
                }
            })).ToList();

            await Task.WhenAll(producers.Concat(consumers));

            Assert.Equal(Producers * PerProducer, received.Count);
            Assert.All(received.Values, count => Assert.Equal(1, count));
            Assert.Equal(0, bus.Broker.ActiveMessageCount(TestBus.Queue));
        }
        finally
        {
            await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask()));
        }
    }
}
