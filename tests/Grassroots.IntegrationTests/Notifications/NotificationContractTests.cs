using Azure.Messaging.ServiceBus;
using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Notifications;
using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;
using Grassroots.LocalServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grassroots.IntegrationTests.Notifications;

/// <summary>The notification contract, sent by the app's publisher through the real Service Bus client to the local endpoint.</summary>
public sealed class NotificationContractTests : IAsyncLifetime
{
    private const string Topic = "review-notifications";
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
    private LocalServiceBusBroker broker = null!;
    private ServiceBusClient client = null!;
    private NotificationPublisher publisher = null!;

    public async Task InitializeAsync()
    {
        var queues = SampleDirectory.Directory.Departments.Select(d => d.QueueName);
        broker = await LocalServiceBusBroker.StartAsync(ServiceBusTopology.Load(Path.Combine(RepositoryRoot.Find(), "infra", "servicebus-entities.json"), queues));
        client = new ServiceBusClient(broker.ConnectionString);
        var services = new ServiceCollection().AddSingleton(client).BuildServiceProvider();
        publisher = new NotificationPublisher(services, ServiceBusAvailability.From(broker.ConnectionString, null),
            Options.Create(new GrassrootsOptions()), NullLogger<NotificationPublisher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await publisher.DisposeAsync();
        await client.DisposeAsync();
        await broker.DisposeAsync();
    }

    public static TheoryData<string> ReviewerKinds => new()
    {
        NotificationKinds.ReviewRequested, NotificationKinds.DeadlineReminder, NotificationKinds.Escalated, NotificationKinds.Resolved,
    };

    public static TheoryData<string> DepartmentKinds => new() { NotificationKinds.Dispatched, NotificationKinds.DepartmentOverdue };

    [Fact]
    public void Every_message_kind_has_a_committed_schema() =>
        Assert.Equal(NotificationKinds.All.Order(), NotificationSchemas.Kinds.Order());

    [Theory]
    [MemberData(nameof(ReviewerKinds))]
    public async Task A_reviewer_notification_reaches_its_tiers_subscription_and_the_audit_with_the_contracts_properties(string kind)
    {
        var notification = Reviewer(kind, step: 7);
        Assert.True(await publisher.PublishAsync(notification));

        var town = await ReceiveOneAsync($"{Topic}/Subscriptions/tier-town");
        var audit = await ReceiveOneAsync($"{Topic}/Subscriptions/audit");
        Assert.Equal(0, broker.ActiveMessageCount($"{Topic}/Subscriptions/tier-unit"));
        foreach (var message in new[] { town, audit })
        {
            AssertEnvelope(message, notification, $"EV1:000007:{kind}");
            Assert.Null(NotificationSchemas.Check(kind, message.Body));
        }
    }

    [Theory]
    [MemberData(nameof(DepartmentKinds))]
    public async Task A_department_notification_reaches_that_departments_queue_with_the_contracts_properties(string kind)
    {
        var notification = Department(kind, "chengxiang-housing", step: 12);
        Assert.True(await publisher.PublishAsync(notification));

        var message = await ReceiveOneAsync("dept-chengxiang-housing");
        AssertEnvelope(message, notification, $"EV1:000012:{kind}:chengxiang-housing");
        Assert.Equal("chengxiang-housing", message.ApplicationProperties["departmentId"]);
        Assert.Null(NotificationSchemas.Check(kind, message.Body));
        Assert.Equal(0, broker.ActiveMessageCount("dept-chengxiang-natural-resources"));
        Assert.Equal(0, broker.ActiveMessageCount($"{Topic}/Subscriptions/audit"));
    }

    [Fact]
    public async Task A_send_retried_with_the_same_message_id_is_delivered_once()
    {
        var notification = Reviewer(NotificationKinds.ReviewRequested, step: 3);
        await publisher.PublishAsync(notification);
        await publisher.PublishAsync(notification);

        await using var receiver = client.CreateReceiver($"{Topic}/Subscriptions/tier-town");
        var messages = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2));
        Assert.Single(messages);
    }

    [Fact]
    public async Task An_abandoned_dispatch_comes_back_with_delivery_count_two_and_a_dead_lettered_one_keeps_its_reason()
    {
        await publisher.PublishAsync(Department(NotificationKinds.Dispatched, "chengxiang-court", step: 4));
        await using var receiver = client.CreateReceiver("dept-chengxiang-court");

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        await receiver.AbandonMessageAsync(first);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, second.DeliveryCount);
        await receiver.DeadLetterMessageAsync(second, "UnknownCase", "The court has no record of this parcel.");

        await using var deadLetters = client.CreateReceiver("dept-chengxiang-court", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("UnknownCase", "The court has no record of this parcel."), (dead.DeadLetterReason, dead.DeadLetterErrorDescription));
        Assert.Equal(first.MessageId, dead.MessageId);
    }

    [Fact]
    public void Every_reporter_update_kind_has_a_committed_schema() =>
        Assert.Equal(ReporterUpdateKinds.All.Order(), NotificationSchemas.ReporterKinds.Order());

    public static TheoryData<string> ReporterKinds => new(ReporterUpdateKinds.All);

    [Theory]
    [MemberData(nameof(ReporterKinds))]
    public async Task A_reporter_update_reaches_its_channels_subscription_and_the_audit_with_its_reference_and_no_phone(string kind)
    {
        var update = Reporter(kind, step: 9);
        Assert.True(await publisher.PublishAsync(update));

        var wechat = await ReceiveOneAsync("reporter-updates/Subscriptions/channel-wechat");
        var audit = await ReceiveOneAsync("reporter-updates/Subscriptions/audit");
        Assert.Equal(0, broker.ActiveMessageCount("reporter-updates/Subscriptions/channel-app"));
        Assert.Equal(0, broker.ActiveMessageCount($"{Topic}/Subscriptions/audit"));
        foreach (var message in new[] { wechat, audit })
        {
            Assert.Equal($"EV1:000009:reporter-{kind}", message.MessageId);
            Assert.Equal(kind, message.Subject);
            Assert.Equal("EV1", message.CorrelationId);
            Assert.Equal("wechat", message.ApplicationProperties["channel"]);
            Assert.Null(NotificationSchemas.CheckReporterUpdate(kind, message.Body));
            var body = System.Text.Json.Nodes.JsonNode.Parse(message.Body.ToString())!;
            Assert.Equal("wx-0042", body["channelReference"]!.GetValue<string>());
            Assert.Empty(PublishedNotifications.CheckReporterUpdate(new AcceptedMessage(
                "reporter-updates", message.MessageId, message.Subject, message.CorrelationId, message.ContentType,
                message.ApplicationProperties.ToDictionary(p => p.Key, p => (object?)p.Value), message.Body.ToMemory())));
        }
    }

    private async Task<ServiceBusReceivedMessage> ReceiveOneAsync(string entity)
    {
        await using var receiver = client.CreateReceiver(entity, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        return await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5)) ?? throw new Xunit.Sdk.XunitException($"Nothing arrived in {entity}.");
    }

    private static void AssertEnvelope(ServiceBusReceivedMessage message, Notification notification, string messageId)
    {
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(notification.Kind, message.Subject);
        Assert.Equal(notification.EventId, message.CorrelationId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(notification.Tier, message.ApplicationProperties["tier"]);
        Assert.Equal(notification.NodeId, message.ApplicationProperties["nodeId"]);
        Assert.Equal(notification.Category, message.ApplicationProperties["category"]);
        if (notification.DeadlineUtc is { } deadline)
        {
            Assert.Equal(deadline.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), message.ApplicationProperties["deadlineUtc"]);
        }
    }

    private static Notification Reviewer(string kind, int step) => new(
        kind, "EV1", step, "livelihood", Tier.Town.ToWireName(), "xialin-street", "p-xialin-street", "Xialin centre", "app:p-xialin-street",
        null, null, kind is NotificationKinds.ReviewRequested or NotificationKinds.DeadlineReminder ? At.AddHours(14) : null, At, "note") { Round = 4 };

    private static Notification Reporter(string kind, int step) => new(
        kind, "EV1", step, "livelihood", Tier.Town.ToWireName(), "xialin-street", null, null, null, null, null,
        kind is ReporterUpdateKinds.Received or ReporterUpdateKinds.WithTier or ReporterUpdateKinds.FollowUpRequested ? At.AddHours(14) : null, At, "fixed")
    {
        Round = 4, ToReporter = true, Channel = "wechat", ChannelReference = "wx-0042",
    };

    private static Notification Department(string kind, string departmentId, int step) => new(
        kind, "EV1", step, "livelihood", Tier.Town.ToWireName(), "xialin-street", "p-xialin-street", "Xialin centre", "app:p-xialin-street",
        departmentId, "dept-" + departmentId, At.AddHours(14), At, "measure the flat") { Round = 5 };
}
