using System.Net.Sockets;
using Amqp.Framing;
using Amqp.Listener;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>The broker's end of a client's receiving link: messages flow out of a <see cref="MessageQueue"/> through it.</summary>
internal sealed class ReceiverEndpoint(MessageQueue queue, ListenerLink link) : LinkEndpoint
{
    // The client reads any outcome but a rejected one as success, and a dead-letter's own outcome is rejected.
    private static readonly Accepted Success = new();

    private volatile bool _isOpen = true;

    /// <summary>Receive-and-delete links ask for settled deliveries.</summary>
    public bool SettlesOnSend => link.SettleOnSend;

    public bool IsOpen => _isOpen;

    /// <summary>Messages the client is still waiting for; guarded by the queue.</summary>
    public int Credit { get; set; }

    public override void OnFlow(FlowContext flowContext) =>
        queue.GrantCredit(this, flowContext.Messages, flowContext.Link.IsDraining);

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        // While a link closes, AMQPNetLite settles what is left as released, holding its own lock;
        // OnLinkClosed takes care of those messages instead.
        if (dispositionContext.Settled && dispositionContext.Link.IsClosed)
        {
            return;
        }

        var tag = dispositionContext.Message.DeliveryTag;
        var result = tag is { Length: 16 }
            ? queue.Settle(new Guid(tag), dispositionContext.DeliveryState)
            : SettleResult.LockLost;

        DeliveryState reply = result switch
        {
            SettleResult.Settled => Success,
            SettleResult.NotSupported => new Rejected
            {
                Error = new Error(ServiceBusAmqp.NotImplemented) { Description = "Deferring messages is not supported by the local broker." },
            },
            _ => new Rejected
            {
                Error = new Error(ServiceBusAmqp.MessageLockLost) { Description = "The lock on the message was lost or has expired." },
            },
        };

        dispositionContext.Link.DisposeMessage(dispositionContext.Message, reply, settled: true);
    }

    public override void OnLinkClosed(ListenerLink closedLink, Error error)
    {
        _isOpen = false;

        // Called under the link's own lock; the queue's lock is taken elsewhere before the link's,
        // so releasing this receiver's messages has to happen off this thread.
        ThreadPool.QueueUserWorkItem(static state => state.queue.Detach(state.receiver), (queue, receiver: this), preferLocal: false);
    }

    /// <summary>Writes one delivery; false when the link has gone, so the queue keeps the message.</summary>
    public bool TrySend(Message message)
    {
        try
        {
            link.SendMessage(message);
            Credit--;
            return true;
        }
        catch (Exception exception) when (IsLinkGone(exception))
        {
            _isOpen = false;
            Credit = 0;
            return false;
        }
    }

    public void CompleteDrain()
    {
        try
        {
            link.CompleteDrain();
        }
        catch (Exception exception) when (IsLinkGone(exception))
        {
            _isOpen = false;
        }
    }

    private static bool IsLinkGone(Exception exception) =>
        exception is AmqpException or ObjectDisposedException or IOException or SocketException;
}
