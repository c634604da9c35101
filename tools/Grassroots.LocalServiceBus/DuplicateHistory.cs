namespace Grassroots.LocalServiceBus;

/// <summary>
/// The MessageIds an entity accepted within its duplicate detection window, so a retried send is
/// acknowledged without being stored twice. Not thread-safe: the owning <see cref="Inbox"/> guards it.
/// </summary>
internal sealed class DuplicateHistory(TimeSpan window)
{
    private readonly Dictionary<string, Entry> _seen = new(StringComparer.Ordinal);

    // Ids in the order they were accepted, so forgetting touches only what has left the window.
    private readonly Queue<(string MessageId, Entry Entry)> _arrivals = new();
    /// <summary>True when the id was accepted inside the window; gives the sequence number it was stored under.</summary>
    public bool TryGetOriginal(string messageId, DateTime nowUtc, out long sequenceNumber)
    {
        if (_seen.TryGetValue(messageId, out var entry) && nowUtc - entry.AcceptedUtc < window)
        {
            sequenceNumber = entry.SequenceNumber;
            return true;
        }

        sequenceNumber = 0;
        return false;
    }

    public void Remember(string messageId, long sequenceNumber, DateTime nowUtc)
    {
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        var entry = new Entry(sequenceNumber, nowUtc);
        _seen[messageId] = entry;
        _arrivals.Enqueue((messageId, entry));
    }

    public void Forget(DateTime nowUtc)
    {
        while (_arrivals.TryPeek(out var oldest) && nowUtc - oldest.Entry.AcceptedUtc >= window)
        {
            _arrivals.Dequeue();

            // The id may have been accepted again after its window ended; that later entry stays.
            if (_seen.TryGetValue(oldest.MessageId, out var current) && current == oldest.Entry)
            {
                _seen.Remove(oldest.MessageId);
            }
        }
    }

    private readonly record struct Entry(long SequenceNumber, DateTime AcceptedUtc);
}
