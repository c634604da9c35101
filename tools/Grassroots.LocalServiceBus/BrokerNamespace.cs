using System.Diagnostics.CodeAnalysis;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The entities of one broker, built from a <see cref="ServiceBusTopology"/> and looked up by path:
/// inboxes where clients send (queues and topics) and queues where they receive (queues, subscriptions,
/// and the dead-letter sub-queue of each).
/// </summary>
internal sealed class BrokerNamespace
{
    private readonly Dictionary<string, Inbox> _inboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MessageQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private long _lastSequenceNumber;

    private readonly Action<string, Amqp.Message>? _accepted;

    /// <param name="topology">The entities.</param>
    /// <param name="accepted">Told of every message an inbox accepts (after duplicate detection), with the inbox's path.</param>
    public BrokerNamespace(ServiceBusTopology topology, Action<string, Amqp.Message>? accepted = null)
    {
        _accepted = accepted;
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(topology.Queues);
        ArgumentNullException.ThrowIfNull(topology.Topics);
        ArgumentNullException.ThrowIfNull(topology.Defaults);
        var defaults = topology.Defaults;
        if (defaults.MaxDeliveryCount < 1 || defaults.EffectiveLockDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Entities need a MaxDeliveryCount of at least 1 and a positive LockDuration.", nameof(topology));
        }

        foreach (var queueName in topology.Queues)
        {
            var queue = AddQueue(queueName, defaults);
            AddInbox(queueName, [new Inbox.Destination(queue, SubscriptionFilter.All)], defaults);
        }

        foreach (var topic in topology.Topics)
        {
            var destinations = topic.Subscriptions
                .Select(subscription => new Inbox.Destination(
                    AddQueue(EntityPath.Subscription(topic.Name, subscription.Name), defaults),
                    new SubscriptionFilter(subscription.CorrelationFilter)))
                .ToList();
            AddInbox(topic.Name, destinations, defaults);
        }
    }

    /// <summary>Every path that answers management requests: each inbox and each receivable queue.</summary>
    public IEnumerable<string> EntityPaths => _inboxes.Keys.Union(_queues.Keys, StringComparer.OrdinalIgnoreCase);

    public bool TryGetInbox(string path, [MaybeNullWhen(false)] out Inbox inbox) => _inboxes.TryGetValue(path, out inbox);

    public bool TryGetQueue(string path, [MaybeNullWhen(false)] out MessageQueue queue) => _queues.TryGetValue(path, out queue);

    public MessageQueue GetQueue(string path) =>
        TryGetQueue(EntityPath.Normalize(path), out var queue)
            ? queue
            : throw new ArgumentException($"The broker has no queue or subscription '{path}'.", nameof(path));

    /// <summary>Advances time-driven state: scheduled messages, duplicate windows and message locks.</summary>
    public void Tick(DateTime nowUtc)
    {
        foreach (var inbox in _inboxes.Values)
        {
            inbox.Tick(nowUtc);
        }

        foreach (var queue in _queues.Values)
        {
            queue.ExpireLocks(nowUtc);
        }
    }

    // One counter for the namespace keeps numbers unique and increasing across entities, which is all
    // clients rely on; a topic's subscriptions share the number the topic gave the message.
    private long NextSequenceNumber() => Interlocked.Increment(ref _lastSequenceNumber);

    private MessageQueue AddQueue(string path, EntityDefaults defaults)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var deadLetterQueue = new MessageQueue(
            EntityPath.DeadLetterQueue(path), defaults.EffectiveLockDuration, int.MaxValue, deadLetterQueue: null);
        var queue = new MessageQueue(path, defaults.EffectiveLockDuration, defaults.MaxDeliveryCount, deadLetterQueue);

        if (!_queues.TryAdd(path, queue) || !_queues.TryAdd(deadLetterQueue.Path, deadLetterQueue))
        {
            throw new ArgumentException($"The entity '{path}' is defined twice.", nameof(path));
        }

        return queue;
    }

    private void AddInbox(string path, IReadOnlyList<Inbox.Destination> destinations, EntityDefaults defaults)
    {
        var inbox = new Inbox(path, destinations, defaults.EffectiveDuplicateDetectionWindow, NextSequenceNumber, _accepted);
        if (!_inboxes.TryAdd(path, inbox))
        {
            throw new ArgumentException($"The entity '{path}' is defined twice.", nameof(path));
        }
    }
}
