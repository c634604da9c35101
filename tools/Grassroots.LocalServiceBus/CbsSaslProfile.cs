using Amqp.Sasl;
using Amqp.Types;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The SASL mechanism Azure.Messaging.ServiceBus offers: MSSBCBS, meaning "authenticate later through $cbs".
/// There is nothing to check at this stage, so the handshake succeeds at once.
/// </summary>
internal sealed class CbsSaslProfile : SaslProfile
{
    public const string MechanismName = "MSSBCBS";

    private const ulong SaslInitCode = 0x41;

    public CbsSaslProfile()
        : base(MechanismName)
    {
    }

    protected override ITransport UpgradeTransport(ITransport transport) => transport;

    // Only the client side starts a SASL exchange.
    protected override DescribedList GetStartCommand(string hostname) => null!;

    protected override DescribedList OnCommand(DescribedList command) =>
        command.Descriptor.Code == SaslInitCode ? new SaslOutcome { Code = SaslCode.Ok } : null!;
}
