using System.Net.Sockets;
using Grassroots.LocalServiceBus;

namespace Grassroots.LocalHost;

/// <summary>
/// The local host's own Service Bus endpoint, which can be stopped and started again on the same port, so the app's
/// client (its connection string names the port) reconnects as it would after a real outage. Messages do not survive
/// a stop: the endpoint keeps them in memory.
/// </summary>
public sealed class EmbeddedServiceBus : IAsyncDisposable
{
    private static readonly TimeSpan RebindWait = TimeSpan.FromMilliseconds(200);
    private const int RebindAttempts = 25;

    private readonly ServiceBusTopology topology;
    private readonly Action<string> log;
    private readonly SemaphoreSlim gate = new(1, 1);

    private EmbeddedServiceBus(ServiceBusTopology topology, Action<string> log, LocalServiceBusBroker broker)
    {
        this.topology = topology;
        this.log = log;
        Broker = broker;
        Port = broker.Port;
        ConnectionString = broker.ConnectionString;
    }

    /// <summary>The running endpoint; null while stopped.</summary>
    public LocalServiceBusBroker? Broker { get; private set; }

    public int Port { get; }

    public string ConnectionString { get; }

    public ServiceBusTopology Topology => topology;

    public static async Task<EmbeddedServiceBus> StartAsync(ServiceBusTopology topology, int port, Action<string> log, CancellationToken cancellationToken)
    {
        var broker = await LocalServiceBusBroker.StartAsync(topology, port, log, cancellationToken);
        return new EmbeddedServiceBus(topology, log, broker);
    }

    /// <summary>Stops listening and drops every connection and stored message, as an outage would.</summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (Broker is { } broker)
            {
                Broker = null;
                await broker.DisposeAsync();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts again on the same port with the same entities, empty.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; Broker is null; attempt++)
            {
                try
                {
                    Broker = await LocalServiceBusBroker.StartAsync(topology, Port, log, cancellationToken);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < RebindAttempts)
                {
                    // The old listener's socket may take a moment to let go of the port.
                    await Task.Delay(RebindWait, cancellationToken);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        gate.Dispose();
    }
}
