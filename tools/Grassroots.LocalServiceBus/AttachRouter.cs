using Amqp.Framing;
using Amqp.Listener;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// Decides what a client's attach connects to: a receiving link to a queue, subscription or dead-letter
/// queue; a sending link to a queue or topic. Anything else is refused with amqp:not-found, which the
/// client reports as MessagingEntityNotFound.
/// </summary>
internal sealed class AttachRouter(BrokerNamespace entities, Action<string>? log) : ILinkProcessor
{
    // Credit the broker grants each sending link; AMQPNetLite tops it up as transfers are accepted.
    private const int SenderCredit = 100;

    public void Process(AttachContext attachContext)
    {
        var attach = attachContext.Attach;

        // Role is the client's: true when it receives.
        if (attach.Role)
        {
            var path = EntityPath.Normalize((attach.Source as Source)?.Address);
            if (entities.TryGetQueue(path, out var queue))
            {
                var receiver = new ReceiverEndpoint(queue, attachContext.Link);
                queue.Attach(receiver);
                attachContext.Complete(receiver, initialCredit: 0);
                return;
            }

            Refuse(attachContext, path, "receive from");
        }
        else
        {
            var path = EntityPath.Normalize((attach.Target as Target)?.Address);
            if (entities.TryGetInbox(path, out var inbox))
            {
                attachContext.Complete(new SenderEndpoint(inbox), SenderCredit);
                return;
            }

            Refuse(attachContext, path, "send to");
        }
    }

    private void Refuse(AttachContext attachContext, string path, string action)
    {
        var description = $"The messaging entity '{path}' could not be found to {action}.";
        log?.Invoke(description);
        attachContext.Complete(new Error(ServiceBusAmqp.NotFound) { Description = description });
    }
}
