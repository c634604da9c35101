using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Azure.Messaging.ServiceBus;
using Grassroots.LocalServiceBus;

namespace Grassroots.Simulator;

/// <summary>Where a notice came from: the reviewers' topic, a department's queue, or the reporter-updates topic.</summary>
public enum NoticeSource
{
    Reviewer,
    Department,
    Reporter,
}

/// <summary>One message the app sent about an event, as its reader got it.</summary>
public sealed record Notice(
    NoticeSource Source,
    string Kind,
    string EventId,
    int Round,
    string? Tier,
    string? DepartmentId,
    DateTimeOffset? DeadlineUtc,
    DateTimeOffset At,
    DateTimeOffset ReceivedAt)
{
    public static Notice? From(NoticeSource source, BinaryData body, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonNode.Parse(body.ToString()) is not JsonObject message
            || message["eventId"]?.GetValue<string>() is not { } eventId
            || message["kind"]?.GetValue<string>() is not { } kind)
        {
            return null;
        }

        return new Notice(
            source,
            kind,
            eventId,
            message["round"]?.GetValue<int>() ?? 0,
            message["tier"]?.GetValue<string>(),
            message["departmentId"]?.GetValue<string>(),
            Time(message["deadlineUtc"]),
            Time(message["at"]) ?? receivedAt,
            receivedAt);
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// The people's inboxes: what the app's notifications tell each event's actors, read from the local host's Service Bus
/// with the real client, as a reviewer's phone, a department's system and a resident's channel would be told. Actors
/// wait for their notice instead of polling the event, so the run's storage work is the pipeline's own.
/// Every entity is read (the filtered subscriptions only drained): the broker keeps unread messages in memory.
/// </summary>
public sealed class NoticeFeed : IAsyncDisposable
{
    private const string AuditSubscription = "audit";
    private readonly ServiceBusClient client;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, Channel<Notice>> inboxes = new(StringComparer.Ordinal);
    private readonly List<Task> readers = [];
    private long received;

    private NoticeFeed(ServiceBusClient client) => this.client = client;

    /// <summary>Messages read so far, drained ones included.</summary>
    public long Received => Interlocked.Read(ref received);

    public static NoticeFeed Start(string connectionString, ServiceBusTopology topology, string reviewerTopic, string reporterTopic)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var feed = new NoticeFeed(new ServiceBusClient(connectionString));
        foreach (var queue in topology.Queues)
        {
            feed.Read(feed.client.CreateReceiver(queue, Options), NoticeSource.Department);
        }

        foreach (var topic in topology.Topics)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                NoticeSource? source = subscription.Name != AuditSubscription ? null
                    : topic.Name == reviewerTopic ? NoticeSource.Reviewer
                    : topic.Name == reporterTopic ? NoticeSource.Reporter
                    : null;
                feed.Read(feed.client.CreateReceiver(topic.Name, subscription.Name, Options), source);
            }
        }

        return feed;
    }

    /// <summary>The notices about one event, in the order they were read; made on first use by either side.</summary>
    public ChannelReader<Notice> Inbox(string eventId) => InboxOf(eventId).Reader;

    /// <summary>Forgets an event whose actors are done (its later notices, if any, are dropped).</summary>
    public void Close(string eventId) => inboxes.TryRemove(eventId, out _);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(readers).ContinueWith(_ => { }, TaskScheduler.Default);
        await client.DisposeAsync();
        stopping.Dispose();
    }

    private static ServiceBusReceiverOptions Options => new() { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete, PrefetchCount = 200 };

    private Channel<Notice> InboxOf(string eventId) => inboxes.GetOrAdd(eventId, _ => Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true }));

    /// <param name="source">What the entity's messages are; null to drain it (a filtered copy of what another entity carries).</param>
    private void Read(ServiceBusReceiver receiver, NoticeSource? source)
    {
        readers.Add(Task.Run(async () =>
        {
            await using var _ = receiver;
            while (!stopping.IsCancellationRequested)
            {
                IReadOnlyList<ServiceBusReceivedMessage> batch;
                try
                {
                    batch = await receiver.ReceiveMessagesAsync(200, TimeSpan.FromSeconds(1), stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                Interlocked.Add(ref received, batch.Count);
                if (source is not { } kind)
                {
                    continue;
                }

                var now = DateTimeOffset.UtcNow;
                foreach (var message in batch)
                {
                    if (Notice.From(kind, message.Body, now) is { } notice)
                    {
                        InboxOf(notice.EventId).Writer.TryWrite(notice);
                    }
                }
            }
        }));
    }
}
