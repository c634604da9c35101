using System.Globalization;
using Amqp.Framing;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The sending side of a queue or a topic: drops duplicates by MessageId, holds scheduled messages until
/// their time, then stores each message in every destination whose filter it passes (the queue itself,
/// or the topic's subscriptions).
/// </summary>
/// <remarks>Its lock is never held while a destination queue's lock is taken.</remarks>
internal sealed class Inbox(
    string path,
    IReadOnlyList<Inbox.Destination> destinations,
    TimeSpan duplicateDetectionWindow,
    Func<long> nextSequenceNumber,
    Action<string, Message>? accepted = null)
{
    private readonly Lock _gate = new();
    private readonly DuplicateHistory _history = new(duplicateDetectionWindow);
    private readonly Dictionary<long, Pending> _scheduled = [];
    private readonly PriorityQueue<long, DateTime> _schedule = new();

    public string Path { get; } = path;

    /// <summary>
    /// Takes a message from a sender. A message whose scheduled enqueue time lies ahead waits until then;
    /// a duplicate is acknowledged with the original's sequence number and otherwise ignored.
    /// </summary>
    public long Accept(Message message, DateTime nowUtc)
    {
        var messageId = DuplicateKey(message.Properties?.GetMessageId());
        var enqueueAt = message.MessageAnnotations?[ServiceBusAmqp.ScheduledEnqueueTime] as DateTime?;
        var pending = new Pending(StoredMessage.Encode(message), message.ApplicationProperties);

        long sequenceNumber;
        lock (_gate)
        {
            if (messageId is not null && _history.TryGetOriginal(messageId, nowUtc, out var original))
            {
                return original;
            }

            sequenceNumber = nextSequenceNumber();
            if (messageId is not null)
            {
                _history.Remember(messageId, sequenceNumber, nowUtc);
            }

            if (enqueueAt > nowUtc)
            {
                _scheduled.Add(sequenceNumber, pending);
                _schedule.Enqueue(sequenceNumber, enqueueAt.Value);
            }
        }

        accepted?.Invoke(Path, message);
        if (enqueueAt > nowUtc)
        {
            return sequenceNumber;
        }

        Distribute(sequenceNumber, pending, nowUtc);
        return sequenceNumber;
    }

    public bool CancelScheduled(long sequenceNumber)
    {
        lock (_gate)
        {
            // Its slot in the schedule stays and is skipped when it comes due.
            return _scheduled.Remove(sequenceNumber);
        }
    }

    /// <summary>Enqueues scheduled messages that are due and forgets MessageIds that left the window.</summary>
    public void Tick(DateTime nowUtc)
    {
        var due = new List<(long SequenceNumber, Pending Message)>();
        lock (_gate)
        {
            _history.Forget(nowUtc);
            while (_schedule.TryPeek(out var sequenceNumber, out var enqueueAt) && enqueueAt <= nowUtc)
            {
                _schedule.Dequeue();
                if (_scheduled.Remove(sequenceNumber, out var message))
                {
                    due.Add((sequenceNumber, message));
                }
            }
        }

        foreach (var (sequenceNumber, message) in due)
        {
            Distribute(sequenceNumber, message, nowUtc);
        }
    }

    private void Distribute(long sequenceNumber, Pending message, DateTime nowUtc)
    {
        foreach (var destination in destinations)
        {
            if (destination.Filter.Matches(message.ApplicationProperties))
            {
                destination.Queue.Enqueue(new StoredMessage(message.Encoded, sequenceNumber, nowUtc));
            }
        }
    }

    // Azure.Messaging.ServiceBus sends string ids; other AMQP clients may use uuid, ulong or binary ones.
    private static string? DuplicateKey(object? messageId) => messageId switch
    {
        null => null,
        byte[] binary => Convert.ToHexString(binary),
        _ => Convert.ToString(messageId, CultureInfo.InvariantCulture),
    };

    /// <summary>Where an inbox delivers: a queue stores everything, a subscription what its filter lets through.</summary>
    public sealed record Destination(MessageQueue Queue, SubscriptionFilter Filter);

    private sealed record Pending(byte[] Encoded, ApplicationProperties? ApplicationProperties);
}
