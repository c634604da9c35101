using System.Collections.Immutable;
using Amqp;

namespace Grassroots.LocalServiceBus;

/// <summary>A message as a queue or topic accepted it: its envelope as a Service Bus client would read it, and its body.</summary>
/// <param name="EntityPath">The queue or topic it was sent to.</param>
public sealed record AcceptedMessage(
    string EntityPath,
    string? MessageId,
    string? Subject,
    string? CorrelationId,
    string? ContentType,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    ReadOnlyMemory<byte> Body)
{
    internal static AcceptedMessage From(string entityPath, Message message)
    {
        var properties = message.ApplicationProperties?.Map
            .ToImmutableDictionary(p => p.Key.ToString()!, p => (object?)p.Value, StringComparer.Ordinal)
            ?? ImmutableDictionary<string, object?>.Empty;
        ReadOnlyMemory<byte> body = message.Body switch
        {
            byte[] bytes => bytes,
            null => [],
            var other => System.Text.Encoding.UTF8.GetBytes(other.ToString() ?? ""),
        };
        return new AcceptedMessage(entityPath, message.Properties?.GetMessageId()?.ToString(), message.Properties?.Subject,
            message.Properties?.GetCorrelationId()?.ToString(), message.Properties?.ContentType, properties, body);
    }
}

/// <summary>Who wants to hear of accepted messages; safe to add to and remove from while sends arrive.</summary>
internal sealed class AcceptedMessageObservers
{
    private ImmutableList<Action<AcceptedMessage>> _observers = [];

    public IDisposable Add(Action<AcceptedMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Subscription(() => ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer)));
    }

    public void Tell(string entityPath, Message message)
    {
        var observers = _observers;
        if (observers.IsEmpty)
        {
            return;
        }

        var accepted = AcceptedMessage.From(entityPath, message);
        foreach (var observer in observers)
        {
            observer(accepted);
        }
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
