using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// The connection after SASL, holding back what the broker writes until the client has written something.
/// AMQPNetLite's listener sends its AMQP protocol header as soon as SASL succeeds, so it can reach the client in the
/// same read as the SASL outcome. The JavaScript SDK's AMQP library (rhea) sets aside whatever follows the outcome
/// in that read and only looks at it when more bytes arrive, which never happens: the connection hangs until its
/// open times out. Service Bus answers the client's protocol header instead of sending first, and so does this.
/// </summary>
internal sealed class ClientSpeaksFirstTransport(IAsyncTransport inner) : IAsyncTransport
{
    private readonly TaskCompletionSource _clientSpoke = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SetConnection(Connection connection) => inner.SetConnection(connection);

    public async Task SendAsync(IList<ByteBuffer> bufferList, int listSize)
    {
        await _clientSpoke.Task.ConfigureAwait(false);
        await inner.SendAsync(bufferList, listSize).ConfigureAwait(false);
    }

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        var read = await inner.ReceiveAsync(buffer, offset, count).ConfigureAwait(false);
        _clientSpoke.TrySetResult();
        return read;
    }

    // The listener only writes through SendAsync; a blocking send would be a change in AMQPNetLite to look at.
    public void Send(ByteBuffer buffer) =>
        throw new NotSupportedException("The local broker sends asynchronously only.");

    public int Receive(byte[] buffer, int offset, int count)
    {
        var read = inner.Receive(buffer, offset, count);
        _clientSpoke.TrySetResult();
        return read;
    }

    public void Close()
    {
        // Whatever waits to be sent fails on the closed transport rather than waiting for ever.
        _clientSpoke.TrySetResult();
        inner.Close();
    }
}
