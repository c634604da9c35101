using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Grassroots.Functions.Tests.Notifications;

public sealed class NotificationPublisherTests
{
    private static readonly Notification Dispatch = new(
        NotificationKinds.Dispatched, "EV9", 21, "livelihood", "town", "xialin-street", "p-x", "X", "app:p-x",
        "chengxiang-housing", "dept-chengxiang-housing", new DateTimeOffset(2026, 11, 27, 15, 59, 59, TimeSpan.Zero), DateTimeOffset.UnixEpoch, "n");

    [Fact]
    public async Task A_department_notification_goes_to_the_departments_queue_and_a_retry_after_a_failed_send_reuses_the_message_id()
    {
        var sent = new List<ServiceBusMessage>();
        var sender = new Mock<ServiceBusSender>(MockBehavior.Strict);
        sender.SetupSequence(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("broker busy", ServiceBusFailureReason.ServiceBusy))
            .Returns(Task.CompletedTask);
        sender.Setup(s => s.DisposeAsync()).Returns(ValueTask.CompletedTask);
        sender.Invocations.Clear();
        var client = new Mock<ServiceBusClient>(MockBehavior.Strict);
        client.Setup(c => c.CreateSender("dept-chengxiang-housing")).Returns(sender.Object);
        await using var publisher = Publisher(client.Object, configured: true);

        // The first attempt fails; the activity's retry publishes the same notification again.
        await Assert.ThrowsAsync<ServiceBusException>(() => publisher.PublishAsync(Dispatch));
        Assert.True(await publisher.PublishAsync(Dispatch));

        var messages = sender.Invocations.Where(i => i.Method.Name == nameof(ServiceBusSender.SendMessageAsync)).Select(i => (ServiceBusMessage)i.Arguments[0]).ToList();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal("EV9:000021:dispatched:chengxiang-housing", m.MessageId));
        Assert.Equal(("dispatched", "EV9", "application/json"), (messages[0].Subject, messages[0].CorrelationId, messages[0].ContentType));
        Assert.Equal("chengxiang-housing", messages[0].ApplicationProperties["departmentId"]);
        Assert.Equal("2026-11-27T15:59:59.0000000Z", messages[0].ApplicationProperties["deadlineUtc"]);
        client.Verify(c => c.CreateSender("dept-chengxiang-housing"), Times.Once);
    }

    [Fact]
    public async Task A_reviewer_notification_goes_to_the_configured_topic()
    {
        var sender = new Mock<ServiceBusSender>();
        var client = new Mock<ServiceBusClient>(MockBehavior.Strict);
        client.Setup(c => c.CreateSender("review-notifications")).Returns(sender.Object);
        await using var publisher = Publisher(client.Object, configured: true);

        await publisher.PublishAsync(Dispatch with { Kind = NotificationKinds.ReviewRequested, DepartmentId = null, DepartmentQueue = null });

        sender.Verify(s => s.SendMessageAsync(It.Is<ServiceBusMessage>(m => m.MessageId == "EV9:000021:review-requested" && !m.ApplicationProperties.ContainsKey("departmentId")), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Without_a_broker_nothing_is_sent_and_the_timeline_stays_the_record()
    {
        var client = new Mock<ServiceBusClient>(MockBehavior.Strict);
        await using var publisher = Publisher(client.Object, configured: false);

        Assert.False(await publisher.PublishAsync(Dispatch));
        client.VerifyNoOtherCalls();
    }

    private static NotificationPublisher Publisher(ServiceBusClient client, bool configured) => new(
        new ServiceCollection().AddSingleton(client).BuildServiceProvider(),
        new ServiceBusAvailability(configured),
        Options.Create(new GrassrootsOptions()),
        NullLogger<NotificationPublisher>.Instance);
}
