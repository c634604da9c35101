using Amqp.Types;

namespace Grassroots.LocalServiceBus;

/// <summary>The names Azure Service Bus gives its AMQP extensions, as Azure.Messaging.ServiceBus reads and writes them.</summary>
internal static class ServiceBusAmqp
{
    // Message annotations the client turns into ServiceBusReceivedMessage properties.
    public static readonly Symbol SequenceNumber = "x-opt-sequence-number";
    public static readonly Symbol EnqueuedTime = "x-opt-enqueued-time";
    public static readonly Symbol LockedUntil = "x-opt-locked-until";
    public static readonly Symbol LockToken = "x-opt-lock-token";
    public static readonly Symbol ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";
    public static readonly Symbol DeadLetterSource = "x-opt-deadletter-source";

    // Dead-letter details travel as application properties of the dead-lettered message
    // and as keys of the rejected outcome's error info.
    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    public static readonly Symbol DeadLetterCondition = "com.microsoft:dead-letter";
    public static readonly Symbol MessageLockLost = "com.microsoft:message-lock-lost";
    public static readonly Symbol NotFound = "amqp:not-found";
    public static readonly Symbol NotImplemented = "amqp:not-implemented";
    public static readonly Symbol DecodeError = "amqp:decode-error";

    /// <summary>ServiceBusMessageBatch sends one transfer in this format whose Data sections are each an encoded message.</summary>
    public const uint BatchMessageFormat = 0x80013700;

    /// <summary>Sends above this size fail, as on the Standard tier, so nothing works locally that Azure would reject.</summary>
    public const ulong MaxMessageSize = 256 * 1024;

    public const string DeadLetterQueueSuffix = "/$DeadLetterQueue";
    public const string ManagementSuffix = "/$management";
    public const string SubscriptionsSegment = "/Subscriptions/";
    public const string CbsNode = "$cbs";
}
