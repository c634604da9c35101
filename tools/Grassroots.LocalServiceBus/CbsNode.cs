using Amqp.Framing;
using Amqp.Listener;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The <c>$cbs</c> node. The client puts a token for every entity before attaching to it, even in
/// development-emulator mode; the local broker trusts every caller on loopback, so each token is accepted.
/// </summary>
internal sealed class CbsNode : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        // AMQPNetLite has already rejected a request that names no reply link.
        if (requestContext.ResponseLink is null)
        {
            return;
        }

        requestContext.Complete(new Message
        {
            // CBS spells its status keys with a hyphen, unlike $management.
            ApplicationProperties = new ApplicationProperties { ["status-code"] = 200, ["status-description"] = "OK" },
        });
    }
}
