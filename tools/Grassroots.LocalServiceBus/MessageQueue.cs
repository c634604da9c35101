using Amqp.Framing;
using Amqp.Types;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// A receivable store: a queue, a subscription, or the dead-letter sub-queue of either. It hands messages
/// to the receivers attached to it as they grant credit, keeps a peek-lock per delivery, and settles,
/// redelivers or dead-letters by lock token.
/// </summary>
/// <remarks>
/// One lock guards everything here. Deliveries are written while it is held (AMQPNetLite's send does not
/// block and never calls back into the broker), which keeps credit, leases and link order consistent.
/// No other queue's lock is ever taken while holding it: dead-lettered messages are collected and handed
/// to the dead-letter queue after it is released.
/// </remarks>
internal sealed class MessageQueue(string path, TimeSpan lockDuration, int maxDeliveryCount, MessageQueue? deadLetterQueue)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, StoredMessage> _available = [];
    private readonly Dictionary<Guid, Lease> _leases = [];
    private readonly List<ReceiverEndpoint> _receivers = [];
    private int _nextReceiver;

    public string Path { get; } = path;

    /// <summary>Null for a dead-letter queue itself, which has none.</summary>
    public MessageQueue? DeadLetterQueue { get; } = deadLetterQueue;

    /// <summary>Messages waiting or locked; like Service Bus's active count, it excludes scheduled and dead-lettered ones.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _available.Count + _leases.Count;
            }
        }
    }

    public void Enqueue(StoredMessage message)
    {
        lock (_gate)
        {
            _available.Add(message.SequenceNumber, message);
            Dispatch();
        }
    }

    public void Attach(ReceiverEndpoint receiver)
    {
        lock (_gate)
        {
            _receivers.Add(receiver);
        }
    }

    /// <summary>
    /// A closed link can no longer settle what it holds, so its locks are released now rather than
    /// left to expire; that also frees messages the client had buffered but never handed out.
    /// </summary>
    public void Detach(ReceiverEndpoint receiver)
    {
        var deadLetters = new List<StoredMessage>();
        lock (_gate)
        {
            _receivers.Remove(receiver);
            foreach (var (token, lease) in _leases.Where(pair => pair.Value.Owner == receiver).ToList())
            {
                _leases.Remove(token);
                Return(lease.Message, deadLetters);
            }

            Dispatch();
        }

        SendToDeadLetterQueue(deadLetters);
    }

    /// <summary>Applies a flow from the receiver: the client asks for more messages, or to drain its credit.</summary>
    public void GrantCredit(ReceiverEndpoint receiver, int delta, bool drain)
    {
        lock (_gate)
        {
            // Mirrors ListenerLink, which drops its credit to zero whenever a flow does not raise it.
            receiver.Credit = delta > 0 ? receiver.Credit + delta : 0;
            Dispatch();
            if (drain)
            {
                receiver.Credit = 0;
                receiver.CompleteDrain();
            }
        }
    }

    /// <summary>Settles a peek-locked delivery with the outcome the client chose.</summary>
    public SettleResult Settle(Guid lockToken, DeliveryState? outcome)
    {
        StoredMessage? deadLetter = null;
        var deadLetters = new List<StoredMessage>();
        lock (_gate)
        {
            if (!_leases.TryGetValue(lockToken, out var lease) || lease.LockedUntilUtc <= DateTime.UtcNow)
            {
                return SettleResult.LockLost;
            }

            // Deferral needs receive-by-sequence-number, which this broker does not offer.
            if (outcome is Modified { UndeliverableHere: true })
            {
                return SettleResult.NotSupported;
            }

            _leases.Remove(lockToken);
            switch (outcome)
            {
                case Accepted:
                    break;
                case Rejected rejected when DeadLetterQueue is not null:
                    deadLetter = DeadLetter(lease.Message, rejected.Error);
                    break;
                case Modified modified:
                    Return(lease.Message.WithProperties(modified.MessageAnnotations), deadLetters);
                    break;
                default:
                    // Released, or a rejection inside a dead-letter queue, which has nowhere further to go.
                    Return(lease.Message, deadLetters);
                    break;
            }

            Dispatch();
        }

        if (deadLetter is not null)
        {
            deadLetters.Add(deadLetter);
        }

        SendToDeadLetterQueue(deadLetters);
        return SettleResult.Settled;
    }

    /// <summary>Extends the locks; null when any of them is no longer held.</summary>
    public DateTime[]? RenewLocks(IReadOnlyList<Guid> lockTokens)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (lockTokens.Any(token => !_leases.TryGetValue(token, out var lease) || lease.LockedUntilUtc <= now))
            {
                return null;
            }

            var lockedUntil = now + lockDuration;
            foreach (var token in lockTokens)
            {
                _leases[token] = _leases[token] with { LockedUntilUtc = lockedUntil };
            }

            return [.. lockTokens.Select(_ => lockedUntil)];
        }
    }

    /// <summary>Makes messages whose lock ran out available again, as a crashed consumer's would be.</summary>
    public void ExpireLocks(DateTime nowUtc)
    {
        var deadLetters = new List<StoredMessage>();
        lock (_gate)
        {
            List<KeyValuePair<Guid, Lease>> expired = [.. _leases.Where(pair => pair.Value.LockedUntilUtc <= nowUtc)];
            if (expired.Count == 0)
            {
                return;
            }

            foreach (var (token, lease) in expired)
            {
                _leases.Remove(token);
                Return(lease.Message, deadLetters);
            }

            Dispatch();
        }

        SendToDeadLetterQueue(deadLetters);
    }

    // Called with the lock held.
    private void Dispatch()
    {
        while (_available.Count > 0 && NextReceiverWithCredit() is { } receiver)
        {
            var message = _available.First().Value;
            _available.Remove(message.SequenceNumber);
            message.DeliveryCount++;

            if (receiver.SettlesOnSend)
            {
                // Receive-and-delete: the message is gone once it is on the wire.
                if (!receiver.TrySend(message.ToDelivery(lockToken: null, default)))
                {
                    Undeliver(message);
                }

                continue;
            }

            var lockToken = Guid.NewGuid();
            var lockedUntil = DateTime.UtcNow + lockDuration;
            if (receiver.TrySend(message.ToDelivery(lockToken, lockedUntil)))
            {
                _leases.Add(lockToken, new Lease(message, receiver, lockedUntil));
            }
            else
            {
                Undeliver(message);
            }
        }
    }

    // Round robin, so concurrent consumers share the load as they would on Service Bus.
    private ReceiverEndpoint? NextReceiverWithCredit()
    {
        for (var i = 0; i < _receivers.Count; i++)
        {
            var candidate = _receivers[(_nextReceiver + i) % _receivers.Count];
            if (candidate.IsOpen && candidate.Credit > 0)
            {
                _nextReceiver = (_nextReceiver + i + 1) % _receivers.Count;
                return candidate;
            }
        }

        return null;
    }

    private void Undeliver(StoredMessage message)
    {
        message.DeliveryCount--;
        _available.Add(message.SequenceNumber, message);
    }

    // A message coming back from a lock counts its delivery; past the limit it is dead-lettered.
    private void Return(StoredMessage message, List<StoredMessage> deadLetters)
    {
        if (DeadLetterQueue is not null && message.DeliveryCount >= maxDeliveryCount)
        {
            deadLetters.Add(message.DeadLettered(
                Path,
                ServiceBusAmqp.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {message.DeliveryCount} delivery attempts.",
                propertiesToModify: null));
            return;
        }

        _available.Add(message.SequenceNumber, message);
    }

    private StoredMessage DeadLetter(StoredMessage message, Error? error)
    {
        var info = error?.Info;
        return message.DeadLettered(
            Path,
            info?[(Symbol)ServiceBusAmqp.DeadLetterReason] as string,
            info?[(Symbol)ServiceBusAmqp.DeadLetterErrorDescription] as string,
            info);
    }

    private void SendToDeadLetterQueue(List<StoredMessage> deadLetters)
    {
        foreach (var message in deadLetters)
        {
            DeadLetterQueue?.Enqueue(message);
        }
    }

    private sealed record Lease(StoredMessage Message, ReceiverEndpoint Owner, DateTime LockedUntilUtc);
}

internal enum SettleResult
{
    Settled,
    LockLost,
    NotSupported,
}
