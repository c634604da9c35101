using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Grassroots.Functions.Tests.Notifications;

/// <summary>A notice the broker does not take is reported delayed, never thrown: it must not fail the escalation.</summary>
public sealed class NoticeDeliveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    private static readonly Notification Dispatch = new(
        NotificationKinds.Dispatched, "EV9", 21, "livelihood", "town", "xialin-street", "p-x", "X", "app:p-x",
        "ghost-bureau", "dept-ghost-bureau", null, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public async Task A_send_to_a_missing_queue_comes_back_delayed_naming_the_reason()
    {
        await using var publisher = PublisherWhoseSend(s => s.ThrowsAsync(new ServiceBusException("The messaging entity could not be found.\nTrackingId: x", ServiceBusFailureReason.MessagingEntityNotFound)));

        var delivery = await publisher.DeliverAsync(Dispatch, Timeout);

        Assert.True(delivery.IsDelayed);
        Assert.Equal("MessagingEntityNotFound: The messaging entity could not be found.", delivery.Reason);
    }

    [Fact]
    public async Task A_send_refused_for_lack_of_rights_comes_back_delayed()
    {
        await using var publisher = PublisherWhoseSend(s => s.ThrowsAsync(new UnauthorizedAccessException("Send claim missing")));

        var delivery = await publisher.DeliverAsync(Dispatch, Timeout);

        Assert.Equal(NoticeDelivery.Delayed("Unauthorized: Send claim missing"), delivery);
    }

    [Fact]
    public async Task A_send_still_retrying_when_the_send_timeout_passes_comes_back_delayed()
    {
        await using var publisher = PublisherWhoseSend(s => s.Returns((ServiceBusMessage _, CancellationToken token) => Task.Delay(Timeout * 100, token)));

        var delivery = await publisher.DeliverAsync(Dispatch, Timeout);

        Assert.Equal(NoticeDelivery.Delayed($"not sent within {Timeout}"), delivery);
    }

    [Fact]
    public async Task A_sent_notice_is_reported_sent()
    {
        await using var publisher = PublisherWhoseSend(s => s.Returns(Task.CompletedTask));

        Assert.Equal(NoticeDelivery.Sent, await publisher.DeliverAsync(Dispatch, Timeout));
    }

    [Fact]
    public async Task A_notice_that_names_no_queue_is_a_bug_and_is_not_hidden_in_the_outbox()
    {
        await using var publisher = PublisherWhoseSend(s => s.Returns(Task.CompletedTask));

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.DeliverAsync(Dispatch with { DepartmentQueue = null }, Timeout));
    }

    [Fact]
    public void The_outbox_counts_as_stale_only_once_its_oldest_notice_waited_longer_than_the_limit()
    {
        var keptAt = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
        var backlog = new OutboxBacklog(3, false, keptAt);

        Assert.False(backlog.HasWaitedLongerThan(TimeSpan.FromMinutes(15), keptAt.AddMinutes(15)));
        Assert.True(backlog.HasWaitedLongerThan(TimeSpan.FromMinutes(15), keptAt.AddMinutes(15).AddSeconds(1)));
        Assert.False(new OutboxBacklog(0, false, null).HasWaitedLongerThan(TimeSpan.Zero, keptAt));
    }

    private static NotificationPublisher PublisherWhoseSend(Action<Moq.Language.Flow.ISetup<ServiceBusSender, Task>> send)
    {
        var sender = new Mock<ServiceBusSender>(MockBehavior.Strict);
        send(sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>())));
        sender.Setup(s => s.DisposeAsync()).Returns(ValueTask.CompletedTask);
        var client = new Mock<ServiceBusClient>(MockBehavior.Strict);
        client.Setup(c => c.CreateSender("dept-ghost-bureau")).Returns(sender.Object);
        return new NotificationPublisher(
            new ServiceCollection().AddSingleton(client.Object).BuildServiceProvider(),
            new ServiceBusAvailability(true),
            Options.Create(new GrassrootsOptions()),
            NullLogger<NotificationPublisher>.Instance);
    }
}
