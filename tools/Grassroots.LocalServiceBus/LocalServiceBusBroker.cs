using System.Net.Sockets;
using System.Net;
using Amqp.Framing;
using Amqp.Listener;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// A small AMQP 1.0 broker on loopback that the real Azure.Messaging.ServiceBus client accepts with
/// <c>UseDevelopmentEmulator=true</c>, for machines without Docker or Azure: queues, topics with filtered
/// subscriptions, peek-lock, dead-lettering, scheduling and duplicate detection, all in memory.
/// </summary>
public sealed class LocalServiceBusBroker : IAsyncDisposable
{
    // How often locks, schedules and duplicate windows are checked; small next to any lock or window in use.
    private static readonly TimeSpan ClockInterval = TimeSpan.FromMilliseconds(50);

    private const int FreePortAttempts = 5;

    private readonly BrokerNamespace _namespace;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _listening = new(1, 1);
    private ContainerHost? _host;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _clock;
    private int _disposed;

    private readonly AcceptedMessageObservers _observers;

    private LocalServiceBusBroker(ContainerHost host, BrokerNamespace entities, int port, AcceptedMessageObservers observers, Action<string>? log)
    {
        _host = host;
        _observers = observers;
        _namespace = entities;
        _log = log;
        Port = port;
        _clock = RunClockAsync(_stopping.Token);
    }

    /// <summary>The loopback port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>What a <c>ServiceBusClient</c> needs to reach this broker; the key is not checked.</summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=x;SharedAccessKey=y;UseDevelopmentEmulator=true";

    /// <summary>Starts listening on 127.0.0.1.</summary>
    /// <param name="topology">The entities to host.</param>
    /// <param name="port">The port to listen on; 0 picks a free one.</param>
    /// <param name="log">Receives a line when the broker starts and when a client asks for an unknown entity.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<LocalServiceBusBroker> StartAsync(
        ServiceBusTopology topology,
        int port = 0,
        Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        cancellationToken.ThrowIfCancellationRequested();

        var observers = new AcceptedMessageObservers();
        var entities = new BrokerNamespace(topology, observers.Tell);
        var (host, boundPort) = port == 0
            ? ListenOnFreePort(entities, log, cancellationToken)
            : (Listen(entities, port, log), port);

        log?.Invoke($"Local Service Bus listening on 127.0.0.1:{boundPort}");
        return Task.FromResult(new LocalServiceBusBroker(host, entities, boundPort, observers, log));
    }

    /// <summary>
    /// Calls <paramref name="observer"/> once for every message a queue or topic accepts from now on (a duplicate dropped
    /// by MessageId is not accepted), on the sender's connection thread, before the message can be received.
    /// </summary>
    /// <returns>Disposing it stops the calls.</returns>
    public IDisposable ObserveAcceptedMessages(Action<AcceptedMessage> observer) => _observers.Add(observer);

    /// <summary>Messages waiting or locked in a queue (<c>"queue"</c>) or subscription (<c>"topic/Subscriptions/sub"</c>).</summary>
    public int ActiveMessageCount(string entityPath) => _namespace.GetQueue(entityPath).ActiveCount;

    /// <summary>Messages in the dead-letter sub-queue of a queue or subscription.</summary>
    public int DeadLetterMessageCount(string entityPath) =>
        (_namespace.GetQueue(entityPath).DeadLetterQueue
            ?? throw new ArgumentException($"'{entityPath}' is itself a dead-letter queue.", nameof(entityPath)))
        .ActiveCount;

    /// <summary>True while the endpoint is stopped by <see cref="SuspendAsync"/>.</summary>
    public bool IsSuspended => Volatile.Read(ref _host) is null;

    /// <summary>
    /// Stops listening and drops every client connection, as an outage of the namespace would; the entities and their
    /// messages stay, and <see cref="ResumeAsync"/> listens again on the same port.
    /// </summary>
    public async Task SuspendAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _listening.WaitAsync();
        try
        {
            _host?.Close();
            _host = null;
            _log?.Invoke($"Local Service Bus on 127.0.0.1:{Port} suspended");
        }
        finally
        {
            _listening.Release();
        }
    }

    /// <summary>Listens again on the same port after <see cref="SuspendAsync"/>; does nothing while listening.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _listening.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; _host is null; attempt++)
            {
                try
                {
                    _host = Listen(_namespace, Port, _log);
                }
                catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 50)
                {
                    // The closed listener's port can take a moment to be free again.
                    await Task.Delay(100, cancellationToken);
                }
            }

            _log?.Invoke($"Local Service Bus on 127.0.0.1:{Port} resumed");
        }
        finally
        {
            _listening.Release();
        }
    }

    /// <summary>Stops listening and closes every client connection; stored messages are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _listening.WaitAsync();
        _host?.Close();
        _host = null;
        _listening.Release();
        await _clock;
        _stopping.Dispose();
        _listening.Dispose();
    }

    // Asking the OS for a free port and then binding to it leaves a short gap another process can win;
    // a few attempts make that harmless.
    private static (ContainerHost Host, int Port) ListenOnFreePort(
        BrokerNamespace entities, Action<string>? log, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var port = FindFreeLoopbackPort();
            try
            {
                return (Listen(entities, port, log), port);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < FreePortAttempts)
            {
                log?.Invoke($"Port {port} was taken before the broker could bind it; trying another.");
            }
        }
    }

    private static int FindFreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private static ContainerHost Listen(BrokerNamespace entities, int port, Action<string>? log)
    {
        var host = new ContainerHost(new Address(IPAddress.Loopback.ToString(), port, path: "/", scheme: "amqp"));
        var listener = host.Listeners[0];
        foreach (var mechanism in CbsSaslProfile.MechanismNames)
        {
            listener.SASL.EnableMechanism(mechanism, new CbsSaslProfile(mechanism));
        }

        listener.HandlerFactory = _ => ServiceBusLinkConventions.Instance;

        // Request processors are found by exact address, and the client attaches with "/entity/$management".
        host.AddressResolver = (_, attach) => ServiceBusLinkConventions.ResolveAddress(attach);

        host.RegisterRequestProcessor(ServiceBusAmqp.CbsNode, new CbsNode());
        foreach (var path in entities.EntityPaths)
        {
            entities.TryGetQueue(path, out var queue);
            entities.TryGetInbox(path, out var inbox);
            host.RegisterRequestProcessor(EntityPath.Management(path), new ManagementNode(queue, inbox));
        }

        host.RegisterLinkProcessor(new AttachRouter(entities, log));

        try
        {
            host.Open();
            return host;
        }
        catch
        {
            host.Close();
            throw;
        }
    }

    private async Task RunClockAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ClockInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _namespace.Tick(DateTime.UtcNow);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposal stops the clock.
        }
    }
}
