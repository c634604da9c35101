using System.Text.Json.Nodes;

namespace Grassroots.Infra.Tests;

/// <summary>The Service Bus entities deployed are exactly those of infra/servicebus-entities.json and the org directory.</summary>
[Collection(BicepFixture.CollectionName)]
public sealed class ServiceBusEntityTests(BicepFixture bicep)
{
    private const string NamespaceType = "Microsoft.ServiceBus/namespaces";
    private const string TopicType = "Microsoft.ServiceBus/namespaces/topics";
    private const string SubscriptionType = "Microsoft.ServiceBus/namespaces/topics/subscriptions";
    private const string RuleType = "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules";
    private const string QueueType = "Microsoft.ServiceBus/namespaces/queues";

    private readonly JsonObject _entities = ArmJson.ReadFile(RepositoryLayout.ServiceBusEntities);

    private IReadOnlyList<JsonObject> Predicted => ArmJson.PredictedResources(bicep.SnapshotJson);

    /// <summary>The reviewers' topic and the reporters' topic, as the entities file names them.</summary>
    private IReadOnlyList<JsonObject> Topics => [_entities["reviewerTopic"]!.AsObject(), _entities["reporterTopic"]!.AsObject()];

    private JsonObject Defaults => _entities["defaults"]!.AsObject();

    [Fact]
    public void Namespace_is_standard_tier_with_local_auth_disabled()
    {
        var serviceBus = Assert.Single(Predicted.WithType(NamespaceType));

        Assert.Equal("Standard", (string?)serviceBus["sku"]?["name"]);
        Assert.True((bool?)serviceBus["properties"]?["disableLocalAuth"], "SAS keys must be off: identities only.");
        Assert.Equal("1.2", (string?)serviceBus["properties"]?["minimumTlsVersion"]);
    }

    [Fact]
    public void Both_topics_are_deployed_with_duplicate_detection()
    {
        var topics = Predicted.WithType(TopicType).ToList();

        Assert.Equal(Topics.Select(t => (string)t["name"]!).Order(), topics.Select(t => ArmJson.NameSegments(t)[1]).Order());
        Assert.All(topics, topic =>
        {
            var properties = topic["properties"]!;
            Assert.True((bool?)properties["requiresDuplicateDetection"]);
            Assert.Equal((string?)Defaults["duplicateDetectionHistoryTimeWindow"], (string?)properties["duplicateDetectionHistoryTimeWindow"]);
            Assert.Equal((string?)Defaults["defaultMessageTimeToLive"], (string?)properties["defaultMessageTimeToLive"]);
        });
    }

    [Fact]
    public void Every_subscription_in_the_entities_file_is_deployed_with_the_defaults()
    {
        var expected = Topics.SelectMany(t => t["subscriptions"]!.AsArray().Select(subscription => (string)t["name"]! + "/" + (string)subscription!["name"]!)).ToList();
        var deployed = Predicted.WithType(SubscriptionType).ToList();

        Assert.Equal(expected.Order(), deployed.Select(subscription => ArmJson.NameSegments(subscription)).Select(segments => segments[1] + "/" + segments[2]).Order());
        Assert.All(deployed, subscription =>
        {
            var properties = subscription["properties"]!;
            Assert.Equal((int)Defaults["maxDeliveryCount"]!, (int?)properties["maxDeliveryCount"]);
            Assert.Equal((string?)Defaults["lockDuration"], (string?)properties["lockDuration"]);
        });
    }

    [Fact]
    public void Subscriptions_nobody_reads_drop_their_messages_after_a_short_time_so_the_topic_cannot_fill()
    {
        var entries = Topics.SelectMany(t => t["subscriptions"]!.AsArray().Select(node => node!.AsObject())
            .Select(s => (Key: (string)t["name"]! + "/" + (string)s["name"]!, Value: s))).ToDictionary(e => e.Key, e => e.Value);
        var unread = entries.Where(entry => entry.Value["readBy"] is null).Select(entry => entry.Key).ToList();
        Assert.Contains("review-notifications/audit", unread);
        Assert.Contains("reporter-updates/audit", unread);
        Assert.True(System.Xml.XmlConvert.ToTimeSpan((string)Defaults["unreadMessageTimeToLive"]!) <= TimeSpan.FromDays(2));

        Assert.All(Predicted.WithType(SubscriptionType), subscription =>
        {
            var segments = ArmJson.NameSegments(subscription);
            var properties = subscription["properties"]!;
            var isRead = !unread.Contains(segments[1] + "/" + segments[2]);
            // A dead-lettered message still counts against the topic's size: expiry drops unread messages instead.
            Assert.Equal(isRead, (bool?)properties["deadLetteringOnMessageExpiration"]);
            Assert.Equal(
                (string?)Defaults[isRead ? "defaultMessageTimeToLive" : "unreadMessageTimeToLive"],
                (string?)properties["defaultMessageTimeToLive"]);
        });
    }

    [Fact]
    public void Filtered_subscriptions_replace_their_Default_rule_with_a_correlation_filter()
    {
        var rules = Predicted.WithType(RuleType)
            .ToDictionary(rule => ArmJson.NameSegments(rule)[1] + "/" + ArmJson.NameSegments(rule)[2], rule => rule);

        foreach (var (topicName, subscription) in Topics.SelectMany(t => t["subscriptions"]!.AsArray().Select(node => ((string)t["name"]!, node!.AsObject()))))
        {
            var name = topicName + "/" + (string)subscription["name"]!;
            if (subscription["filter"] is not JsonObject filter)
            {
                // No filter (audit): the subscription keeps its built-in TrueFilter and sees everything.
                Assert.False(rules.ContainsKey(name), $"Subscription {name} has no filter in the entities file but got a rule.");
                continue;
            }

            Assert.True(rules.TryGetValue(name, out var rule), $"Subscription {name} has a filter but no rule.");
            Assert.Equal("$Default", ArmJson.NameSegments(rule)[3]);
            Assert.Equal("CorrelationFilter", (string?)rule["properties"]?["filterType"]);
            Assert.True(
                JsonNode.DeepEquals(filter, rule["properties"]?["correlationFilter"]?["properties"]),
                $"Subscription {name}: expected application-property filter {filter.ToJsonString()}, got {rule["properties"]?.ToJsonString()}.");
        }
    }

    [Fact]
    public void Every_department_queue_of_the_org_directory_is_deployed_with_the_defaults()
    {
        var expected = ArmJson.ReadFile(RepositoryLayout.OrgDirectory)["departments"]!.AsArray()
            .Select(department => (string)department!["queueName"]!)
            .ToList();
        var queues = Predicted.WithType(QueueType).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), queues.Select(queue => ArmJson.NameSegments(queue)[1]).Order());
        Assert.All(queues, queue =>
        {
            var properties = queue["properties"]!;
            Assert.True((bool?)properties["requiresDuplicateDetection"]);
            Assert.Equal((string?)Defaults["duplicateDetectionHistoryTimeWindow"], (string?)properties["duplicateDetectionHistoryTimeWindow"]);
            Assert.Equal((int)Defaults["maxDeliveryCount"]!, (int?)properties["maxDeliveryCount"]);
            Assert.Equal((string?)Defaults["lockDuration"], (string?)properties["lockDuration"]);
            Assert.Equal((string?)Defaults["defaultMessageTimeToLive"], (string?)properties["defaultMessageTimeToLive"]);
            Assert.True((bool?)properties["deadLetteringOnMessageExpiration"], $"{ArmJson.NameOf(queue)} must dead-letter expired messages.");
        });
    }

    [Fact]
    public void Every_queue_and_topic_in_the_compiled_template_requires_duplicate_detection()
    {
        var compiled = ArmJson.CompiledResources(bicep.Template).ToList();
        var entities = compiled.WithType(QueueType).Concat(compiled.WithType(TopicType)).ToList();

        Assert.Equal(2, entities.Select(entity => (string?)entity["type"]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(entities, entity =>
        {
            var flag = entity["properties"]?["requiresDuplicateDetection"];
            Assert.True(flag is JsonValue value && value.TryGetValue<bool>(out var on) && on, $"{entity["name"]}: requiresDuplicateDetection is {flag?.ToJsonString() ?? "missing"}.");
        });
    }
}
