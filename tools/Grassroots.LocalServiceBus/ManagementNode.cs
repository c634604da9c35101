using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The <c>&lt;entity&gt;/$management</c> node: the request/response operations the client uses next to its
/// links. Lock renewal needs a receivable queue; scheduling needs an inbox; an entity may have both.
/// </summary>
internal sealed class ManagementNode(MessageQueue? queue, Inbox? inbox) : IRequestProcessor
{
    private const string RenewLock = "com.microsoft:renew-lock";
    private const string ScheduleMessage = "com.microsoft:schedule-message";
    private const string CancelScheduledMessage = "com.microsoft:cancel-scheduled-message";

    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        // AMQPNetLite has already rejected a request that names no reply link.
        if (requestContext.ResponseLink is null)
        {
            return;
        }

        var request = requestContext.Message;
        var operation = request.ApplicationProperties?["operation"] as string;
        var body = request.Body as Map;

        var response = (operation, body) switch
        {
            (RenewLock, { } map) when queue is not null => RenewLocks(queue, map),
            (ScheduleMessage, { } map) when inbox is not null => Schedule(inbox, map),
            (CancelScheduledMessage, { } map) when inbox is not null => Cancel(inbox, map),
            (null, _) or (_, null) => Failure(400, "amqp:invalid-field", "The request needs an operation and a map body."),
            _ => Failure(501, ServiceBusAmqp.NotImplemented, $"The local broker does not implement {operation} here."),
        };

        requestContext.Complete(response);
    }

    private static Message RenewLocks(MessageQueue target, Map request)
    {
        if (request["lock-tokens"] is not Guid[] lockTokens)
        {
            return Failure(400, "amqp:invalid-field", "lock-tokens must be an array of uuid.");
        }

        return target.RenewLocks(lockTokens) is { } expirations
            ? Success(new Map { ["expirations"] = expirations })
            : Failure(410, ServiceBusAmqp.MessageLockLost, "The lock on the message was lost or has expired.");
    }

    private static Message Schedule(Inbox target, Map request)
    {
        if (request["messages"] is not List items)
        {
            return Failure(400, "amqp:invalid-field", "messages must be a list.");
        }

        var now = DateTime.UtcNow;
        var sequenceNumbers = new List<long>();
        foreach (var item in items)
        {
            if (item is not Map { } entry || entry["message"] is not byte[] encoded)
            {
                return Failure(400, "amqp:invalid-field", "Each scheduled message must carry its encoded message.");
            }

            sequenceNumbers.Add(target.Accept(StoredMessage.Decode(encoded), now));
        }

        return Success(new Map { ["sequence-numbers"] = sequenceNumbers.ToArray() });
    }

    // Cancelling a message that already went out (or never existed) succeeds quietly: the caller's intent,
    // that it not be delivered later, holds either way.
    private static Message Cancel(Inbox target, Map request)
    {
        if (request["sequence-numbers"] is not long[] sequenceNumbers)
        {
            return Failure(400, "amqp:invalid-field", "sequence-numbers must be an array of long.");
        }

        foreach (var sequenceNumber in sequenceNumbers)
        {
            target.CancelScheduled(sequenceNumber);
        }

        return Success(new Map());
    }

    private static Message Success(Map body) => new(body)
    {
        ApplicationProperties = new ApplicationProperties { ["statusCode"] = 200, ["statusDescription"] = "OK" },
    };

    private static Message Failure(int statusCode, Symbol condition, string description) => new(new Map())
    {
        ApplicationProperties = new ApplicationProperties
        {
            ["statusCode"] = statusCode,
            ["statusDescription"] = description,
            ["errorCondition"] = condition,
        },
    };
}
