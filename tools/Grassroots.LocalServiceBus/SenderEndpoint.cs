using Amqp.Framing;
using Amqp.Listener;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>The broker's end of a client's sending link: every message it receives goes into an <see cref="Inbox"/>.</summary>
internal sealed class SenderEndpoint(Inbox inbox) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        List<Message> messages;
        try
        {
            messages = Unbatch(messageContext.Message);
        }
        catch (AmqpException exception)
        {
            messageContext.Complete(new Error(ServiceBusAmqp.DecodeError) { Description = exception.Message });
            return;
        }

        var now = DateTime.UtcNow;
        foreach (var message in messages)
        {
            inbox.Accept(message, now);
        }

        // Accepted only once every message of a batch is stored, so the send fails or succeeds as a whole.
        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext)
    {
        // The client only receives on this link's peer; it never grants the broker credit worth acting on.
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        // The broker settles every transfer it accepts, so the client has nothing left to settle.
    }

    private static List<Message> Unbatch(Message message)
    {
        if (message.Format != ServiceBusAmqp.BatchMessageFormat)
        {
            return [message];
        }

        return message.BodySection switch
        {
            Data single => [StoredMessage.Decode(single.Binary)],
            DataList many => [.. Enumerable.Range(0, many.Count).Select(i => StoredMessage.Decode(many[i].Binary))],
            _ => throw new AmqpException(ServiceBusAmqp.DecodeError, "A batch must carry its messages as data sections."),
        };
    }
}
