using System.Globalization;
using Amqp.Framing;

namespace Grassroots.LocalServiceBus;

/// <summary>
/// A subscription's correlation filter on application properties: every listed property must be present
/// with the listed value. No properties means the subscription takes every message (Service Bus's TrueFilter).
/// </summary>
internal sealed class SubscriptionFilter(IReadOnlyDictionary<string, string>? required)
{
    public static readonly SubscriptionFilter All = new(null);

    private readonly IReadOnlyDictionary<string, string> _required = required ?? new Dictionary<string, string>();

    public bool Matches(ApplicationProperties? properties) =>
        _required.All(pair => properties?.Map.TryGetValue(pair.Key, out var value) == true
            && string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), pair.Value, StringComparison.Ordinal));
}
