using System.Text.Json;
using System.Xml;

namespace Grassroots.LocalServiceBus;

/// <summary>A topic subscription; without a correlation filter it receives every message sent to the topic.</summary>
/// <param name="Name">The subscription name.</param>
/// <param name="CorrelationFilter">Application properties a message must carry, each with exactly this value.</param>
public sealed record SubscriptionDefinition(string Name, IReadOnlyDictionary<string, string>? CorrelationFilter = null);

/// <summary>A topic and its subscriptions.</summary>
public sealed record TopicDefinition(string Name, IReadOnlyList<SubscriptionDefinition> Subscriptions);

/// <summary>Settings every queue and subscription shares, as in the namespace's deployed defaults.</summary>
/// <param name="MaxDeliveryCount">Deliveries after which a message is dead-lettered with reason MaxDeliveryCountExceeded.</param>
/// <param name="LockDuration">How long a peek-locked message stays invisible to other receivers (default 1 minute).</param>
/// <param name="DuplicateDetectionWindow">How long a MessageId is remembered by the entity it was sent to (default 1 hour).</param>
public sealed record EntityDefaults(int MaxDeliveryCount = 10, TimeSpan? LockDuration = null, TimeSpan? DuplicateDetectionWindow = null)
{
    internal TimeSpan EffectiveLockDuration => LockDuration ?? TimeSpan.FromMinutes(1);

    internal TimeSpan EffectiveDuplicateDetectionWindow => DuplicateDetectionWindow ?? TimeSpan.FromHours(1);
}

/// <summary>The queues and topics the local broker hosts.</summary>
public sealed record ServiceBusTopology(IReadOnlyList<string> Queues, IReadOnlyList<TopicDefinition> Topics, EntityDefaults Defaults)
{
    /// <summary>
    /// Reads <c>infra/servicebus-entities.json</c>, the file infra/ deploys from, so the local broker
    /// hosts the same topics (reviewers' and reporters'), subscriptions, filters and defaults as Azure. Department queues live in the
    /// org directory, not in that file, so the caller passes their names in.
    /// </summary>
    public static ServiceBusTopology Load(string entitiesJsonPath, IEnumerable<string> departmentQueues)
    {
        ArgumentException.ThrowIfNullOrEmpty(entitiesJsonPath);
        ArgumentNullException.ThrowIfNull(departmentQueues);

        using var document = JsonDocument.Parse(File.ReadAllText(entitiesJsonPath));
        var root = document.RootElement;

        var topics = new List<TopicDefinition> { ReadTopic(Required(root, "reviewerTopic", entitiesJsonPath), "reviewerTopic") };
        if (root.TryGetProperty("reporterTopic", out var reporterTopic))
        {
            topics.Add(ReadTopic(reporterTopic, "reporterTopic"));
        }

        var defaults = root.TryGetProperty("defaults", out var defaultsElement)
            ? ReadDefaults(defaultsElement)
            : new EntityDefaults();

        var queues = departmentQueues
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new ServiceBusTopology(queues, topics, defaults);
    }

    private static TopicDefinition ReadTopic(JsonElement topic, string property)
    {
        var name = Required(topic, "name", property).GetString()
            ?? throw new InvalidDataException(property + ".name must be a string.");

        var subscriptions = new List<SubscriptionDefinition>();
        if (topic.TryGetProperty("subscriptions", out var list))
        {
            foreach (var subscription in list.EnumerateArray())
            {
                var subscriptionName = Required(subscription, "name", name).GetString()
                    ?? throw new InvalidDataException($"A subscription of {name} has no name.");
                subscriptions.Add(new SubscriptionDefinition(subscriptionName, ReadFilter(subscription)));
            }
        }

        return new TopicDefinition(name, subscriptions);
    }

    private static Dictionary<string, string>? ReadFilter(JsonElement subscription)
    {
        if (!subscription.TryGetProperty("filter", out var filter) || filter.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return filter.EnumerateObject().ToDictionary(
            property => property.Name,
            property => property.Value.GetString() ?? string.Empty,
            StringComparer.Ordinal);
    }

    private static EntityDefaults ReadDefaults(JsonElement defaults)
    {
        var result = new EntityDefaults();
        if (defaults.TryGetProperty("maxDeliveryCount", out var maxDeliveryCount))
        {
            result = result with { MaxDeliveryCount = maxDeliveryCount.GetInt32() };
        }

        if (defaults.TryGetProperty("lockDuration", out var lockDuration))
        {
            result = result with { LockDuration = ReadDuration(lockDuration) };
        }

        if (defaults.TryGetProperty("duplicateDetectionHistoryTimeWindow", out var window))
        {
            result = result with { DuplicateDetectionWindow = ReadDuration(window) };
        }

        return result;
    }

    // The file uses ISO 8601 durations (PT1M), the form ARM and Bicep take.
    private static TimeSpan ReadDuration(JsonElement value) =>
        XmlConvert.ToTimeSpan(value.GetString() ?? throw new InvalidDataException("A duration must be a string."));

    private static JsonElement Required(JsonElement parent, string property, string where) =>
        parent.TryGetProperty(property, out var value)
            ? value
            : throw new InvalidDataException($"'{property}' is missing in {where}.");
}
