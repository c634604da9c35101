using Grassroots.Functions.Notifications;

namespace Grassroots.Simulator.Tests;

/// <summary>The simulator's people read exactly what the app's publisher writes.</summary>
public class NoticeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static Notification Sent(string kind, bool toReporter) =>
        new(kind, "EV1", 4, "dispute", "grid", "g1", "p1", "Wang", "sms:+86", null, null, At.AddDays(1), At, null)
        {
            Round = 3,
            ToReporter = toReporter,
            Channel = toReporter ? "unit-head" : null,
        };

    [Fact]
    public void A_review_request_as_published_gives_its_reader_the_event_round_tier_deadline_and_time()
    {
        var message = NotificationPublisher.ToMessage(Sent(NotificationKinds.ReviewRequested, toReporter: false));

        var notice = Notice.From(NoticeSource.Reviewer, message.Body, At.AddSeconds(2));

        Assert.Equal(new Notice(NoticeSource.Reviewer, "review-requested", "EV1", 3, "grid", null, At.AddDays(1), At, At.AddSeconds(2)), notice);
    }

    [Fact]
    public void A_residents_follow_up_request_as_published_names_the_tier_that_closed_the_event_and_no_round()
    {
        var message = NotificationPublisher.ToMessage(Sent(ReporterUpdateKinds.FollowUpRequested, toReporter: true));

        var notice = Notice.From(NoticeSource.Reporter, message.Body, At);

        Assert.Equal(("follow-up-requested", "EV1", 0, "grid"), (notice!.Kind, notice.EventId, notice.Round, notice.Tier));
    }

    [Fact]
    public void A_message_without_an_event_id_is_not_a_notice()
    {
        Assert.Null(Notice.From(NoticeSource.Department, BinaryData.FromString("""{"kind":"dispatched"}"""), At));
    }
}
