using Amqp.Framing;
using Amqp.Handler;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// Two wire details Azure.Messaging.ServiceBus depends on that AMQPNetLite leaves to the application:
/// the delivery tag must be the 16-byte lock token (the client settles by it), and every attach must
/// state a max-message-size (the client sizes sends and batches by it, and fails them all without it).
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
}
