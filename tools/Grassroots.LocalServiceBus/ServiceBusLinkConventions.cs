using Amqp.Framing;
using Amqp.Handler;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// Wire details the Service Bus SDKs depend on that AMQPNetLite leaves to the application:
/// the delivery tag must be the 16-byte lock token (the client settles by it); every attach must
/// state a max-message-size (the client sizes sends and batches by it, and fails them all without it);
/// and a reply link to <c>$cbs</c> or <c>$management</c> may name no target, as the JavaScript SDK's does:
/// its requests' reply-to is the link's name, so that name becomes the address replies are routed to.
/// </summary>
internal sealed class ServiceBusLinkConventions : IHandler
{
    public static readonly ServiceBusLinkConventions Instance = new();

    public bool CanHandle(EventId id) => id is EventId.SendDelivery or EventId.LinkLocalOpen;

    public void Handle(Event protocolEvent)
    {
        if (protocolEvent.Id == EventId.SendDelivery && protocolEvent.Context is IDelivery delivery)
        {
            // Receive-and-delete deliveries carry no lock token and keep AMQPNetLite's own tag.
            if (delivery.Message?.MessageAnnotations?[ServiceBusAmqp.LockToken] is Guid lockToken)
            {
                delivery.Tag = lockToken.ToByteArray();
            }
        }
        else if (protocolEvent.Id == EventId.LinkLocalOpen && protocolEvent.Context is Attach attach)
        {
            attach.MaxMessageSize = ServiceBusAmqp.MaxMessageSize;
        }
    }

    /// <summary>
    /// The entity path an attach names, for the container host's address resolver (which sees the attach before
    /// anything is routed). Request nodes key their reply links by target address, so a reply link without one gets
    /// its name as address here.
    /// </summary>
    public static string ResolveAddress(Attach attach)
    {
        if (attach.Role && IsRequestNode((attach.Source as Source)?.Address) && string.IsNullOrEmpty((attach.Target as Target)?.Address))
        {
            attach.Target = new Target { Address = attach.LinkName };
        }

        return EntityPath.Normalize(attach.Role ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address);
    }

    private static bool IsRequestNode(string? address) =>
        address is not null && (EntityPath.Normalize(address) == ServiceBusAmqp.CbsNode
            || address.EndsWith(ServiceBusAmqp.ManagementSuffix, StringComparison.OrdinalIgnoreCase));
}
