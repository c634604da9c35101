using Amqp.Sasl;
using Amqp.Types;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// A SASL mechanism after which the client proves who it is through <c>$cbs</c>, as Service Bus expects of every SDK:
/// the .NET client offers MSSBCBS, the JavaScript (rhea), Python (uAMQP/pyamqp) and Java (proton-j) clients sign in
/// with ANONYMOUS, and some send the key name and key with PLAIN. The cloud checks a PLAIN key; the local broker
/// checks no key at all (its connection string says so), so every mechanism's single init is answered OK at once.
/// </summary>
internal sealed class CbsSaslProfile : SaslProfile
{
    public const string MechanismName = "MSSBCBS";
    public const string AnonymousMechanismName = "ANONYMOUS";
    public const string PlainMechanismName = "PLAIN";

    /// <summary>Every mechanism the broker offers, in the order it lists them.</summary>
    public static readonly IReadOnlyList<string> MechanismNames = [MechanismName, AnonymousMechanismName, PlainMechanismName];

    private const ulong SaslInitCode = 0x41;

    public CbsSaslProfile(string mechanism)
        : base(mechanism)
    {
    }

    protected override ITransport UpgradeTransport(ITransport transport) =>
        transport is IAsyncTransport connection ? new ClientSpeaksFirstTransport(connection) : transport;

    // Only the client side starts a SASL exchange.
    protected override DescribedList GetStartCommand(string hostname) => null!;

    protected override DescribedList OnCommand(DescribedList command) =>
        command.Descriptor.Code == SaslInitCode ? new SaslOutcome { Code = SaslCode.Ok } : null!;
}
