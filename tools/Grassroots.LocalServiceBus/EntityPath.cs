namespace Grassroots.LocalServiceBus;

/// <summary>Turns the address on an AMQP attach into the entity path the broker keys its entities by.</summary>
internal static class EntityPath
{
    /// <summary>
    /// The client attaches with the absolute path of an entity URI ("/queue", escaped), while callers of
    /// the broker's own API write "queue"; both, and full URIs, map to the same path.
    /// </summary>
    public static string Normalize(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return string.Empty;
        }

        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb"
            ? uri.AbsolutePath
            : address;

        return Uri.UnescapeDataString(path).Trim('/');
    }

    public static string Subscription(string topic, string subscription) =>
        topic + ServiceBusAmqp.SubscriptionsSegment + subscription;

    public static string DeadLetterQueue(string entity) => entity + ServiceBusAmqp.DeadLetterQueueSuffix;

    public static string Management(string entity) => entity + ServiceBusAmqp.ManagementSuffix;
}
