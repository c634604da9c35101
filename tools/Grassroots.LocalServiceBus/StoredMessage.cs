using Amqp.Framing;
using Amqp.Types;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// One message as held by one queue or subscription. The sender's encoded bytes are kept untouched
/// and decoded afresh for every delivery, so each delivery carries its own lock token and annotations
/// while an earlier, still unsettled delivery of the same message keeps its own.
/// </summary>
internal sealed class StoredMessage(byte[] encoded, long sequenceNumber, DateTime enqueuedTimeUtc)
{
    public long SequenceNumber { get; } = sequenceNumber;

    public DateTime EnqueuedTimeUtc { get; } = enqueuedTimeUtc;

    /// <summary>How many times the message has been handed to a receiver; guarded by the owning queue.</summary>
    public int DeliveryCount { get; set; }

    public static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    public static Message Decode(byte[] encoded) =>
        Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));

    /// <summary>The AMQP message for one delivery; a null lock token means the delivery settles on send.</summary>
    public Message ToDelivery(Guid? lockToken, DateTime lockedUntilUtc)
    {
        var message = Decode(encoded);

        // AMQP counts earlier failed attempts; the client adds one to show the attempt in progress.
        message.Header ??= new Header();
        message.Header.DeliveryCount = (uint)Math.Max(0, DeliveryCount - 1);

        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[ServiceBusAmqp.SequenceNumber] = SequenceNumber;
        message.MessageAnnotations[ServiceBusAmqp.EnqueuedTime] = EnqueuedTimeUtc;
        if (lockToken is { } token)
        {
            message.MessageAnnotations[ServiceBusAmqp.LockToken] = token;
            message.MessageAnnotations[ServiceBusAmqp.LockedUntil] = lockedUntilUtc;
        }

        return message;
    }

    /// <summary>A copy for the dead-letter sub-queue that says why and where from, as Service Bus records it.</summary>
    public StoredMessage DeadLettered(string sourcePath, string? reason, string? description, Fields? propertiesToModify)
    {
        var message = Decode(encoded);
        message.ApplicationProperties ??= new ApplicationProperties();
        Merge(message.ApplicationProperties, propertiesToModify);
        if (reason is not null)
        {
            message.ApplicationProperties[ServiceBusAmqp.DeadLetterReason] = reason;
        }

        if (description is not null)
        {
            message.ApplicationProperties[ServiceBusAmqp.DeadLetterErrorDescription] = description;
        }

        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[ServiceBusAmqp.DeadLetterSource] = sourcePath;

        return new StoredMessage(Encode(message), SequenceNumber, EnqueuedTimeUtc);
    }

    /// <summary>The same message with application properties changed by an abandon, keeping its delivery history.</summary>
    public StoredMessage WithProperties(Fields? propertiesToModify)
    {
        if (propertiesToModify is null || propertiesToModify.Count == 0)
        {
            return this;
        }

        var message = Decode(encoded);
        message.ApplicationProperties ??= new ApplicationProperties();
        Merge(message.ApplicationProperties, propertiesToModify);
        return new StoredMessage(Encode(message), SequenceNumber, EnqueuedTimeUtc) { DeliveryCount = DeliveryCount };
    }

    // Outcome fields are keyed by symbols; application properties by strings.
    private static void Merge(ApplicationProperties target, Fields? properties)
    {
        if (properties is null)
        {
            return;
        }

        foreach (var pair in properties)
        {
            var key = pair.Key.ToString();
            if (key is not null and not ServiceBusAmqp.DeadLetterReason and not ServiceBusAmqp.DeadLetterErrorDescription)
            {
                target[key] = pair.Value;
            }
        }
    }
}
