using static Grassroots.Domain.Tests.Time;

namespace Grassroots.Domain.Tests;

public class ReviewDeadlinePolicyTests
{
    private static readonly ReviewDeadlinePolicy Shanghai = new(new ReviewDeadlineSettings());

    [Theory]
    [InlineData("2026-03-13T09:00:00+08:00", "2026-03-13T23:59:59+08:00")]
    [InlineData("2026-03-13T21:59:00+08:00", "2026-03-13T23:59:59+08:00")]
    [InlineData("2026-03-13T00:01:00+08:00", "2026-03-13T23:59:59+08:00")]
    [InlineData("2026-03-13T22:30:00+08:00", "2026-03-14T23:59:59+08:00")]
    [InlineData("2026-03-13T23:58:00+08:00", "2026-03-14T23:59:59+08:00")]
    public void An_event_is_due_by_the_cutoff_of_its_local_arrival_day_unless_it_arrives_inside_the_window(string arrived, string due) =>
        Assert.Equal(At(due), Shanghai.For(At(arrived)).DeadlineUtc);

    [Fact]
    public void Arrival_exactly_at_cutoff_minus_window_still_gets_the_same_days_cutoff() =>
        Assert.Equal(At("2026-03-13T23:59:59+08:00"), Shanghai.For(At("2026-03-13T21:59:59+08:00")).DeadlineUtc);

    [Fact]
    public void Arrival_after_cutoff_minus_window_gets_next_days_cutoff() =>
        Assert.Equal(At("2026-03-14T23:59:59+08:00"), Shanghai.For(At("2026-03-13T22:00:00+08:00")).DeadlineUtc);

    [Fact]
    public void The_local_day_counts_not_the_utc_day()
    {
        // 00:01 in Putian is still the previous day in UTC; the review is due the same local day.
        var deadline = Shanghai.For(At("2026-03-12T16:01:00Z")).DeadlineUtc;

        Assert.Equal(At("2026-03-13T15:59:59Z"), deadline);
    }

    [Fact]
    public void Results_are_in_utc_whatever_offset_the_arrival_was_written_in()
    {
        var fromLocal = Shanghai.For(At("2026-03-13T09:00:00+08:00"));
        var fromUtc = Shanghai.For(At("2026-03-13T01:00:00Z"));

        Assert.Equal(fromLocal, fromUtc);
        Assert.Equal(TimeSpan.Zero, fromLocal.DeadlineUtc.Offset);
        Assert.Equal(TimeSpan.Zero, fromLocal.ReminderUtc!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-01-31T22:30:00+08:00", "2026-02-01T23:59:59+08:00")] // month end
    [InlineData("2026-02-28T23:00:00+08:00", "2026-03-01T23:59:59+08:00")] // end of a short February
    [InlineData("2026-12-31T23:00:00+08:00", "2027-01-01T23:59:59+08:00")] // year end
    [InlineData("2026-12-31T08:00:00+08:00", "2026-12-31T23:59:59+08:00")]
    public void Next_days_cutoff_rolls_over_month_and_year_ends(string arrived, string due) =>
        Assert.Equal(At(due), Shanghai.For(At(arrived)).DeadlineUtc);

    [Theory]
    [InlineData("2026-01-15T09:00:00+00:00", "2026-01-15T23:59:59+00:00")] // GMT
    [InlineData("2026-07-15T09:00:00+01:00", "2026-07-15T23:59:59+01:00")] // BST
    [InlineData("2026-03-29T00:30:00+00:00", "2026-03-29T23:59:59+01:00")] // clocks go forward at 01:00 GMT that day
    [InlineData("2026-03-28T23:00:00+00:00", "2026-03-29T23:59:59+01:00")] // late the day before: next day is 23 h long
    [InlineData("2026-10-25T00:30:00+01:00", "2026-10-25T23:59:59+00:00")] // clocks go back at 02:00 BST that day
    public void In_london_the_cutoff_follows_the_local_clock_across_daylight_saving_changes(string arrived, string due)
    {
        var london = new ReviewDeadlinePolicy(new ReviewDeadlineSettings("Europe/London"));

        Assert.Equal(At(due), london.For(At(arrived)).DeadlineUtc);
    }

    [Fact]
    public void A_cutoff_the_clocks_skip_falls_later_by_the_length_of_the_gap()
    {
        // On 29 March 2026 London skips 01:00–02:00; a 01:30 cutoff is read as 01:30 GMT, i.e. 02:30 BST.
        var london = new ReviewDeadlinePolicy(new ReviewDeadlineSettings("Europe/London", new TimeSpan(1, 30, 0), TimeSpan.Zero));

        Assert.Equal(At("2026-03-29T01:30:00Z"), london.For(At("2026-03-29T00:10:00Z")).DeadlineUtc);
    }

    [Fact]
    public void A_cutoff_the_clocks_show_twice_is_the_first_time()
    {
        // On 25 October 2026 London shows 01:00–02:00 twice; a 01:30 cutoff is 01:30 BST, i.e. 00:30 UTC.
        var london = new ReviewDeadlinePolicy(new ReviewDeadlineSettings("Europe/London", new TimeSpan(1, 30, 0), TimeSpan.Zero));

        Assert.Equal(At("2026-10-25T00:30:00Z"), london.For(At("2026-10-25T00:00:00Z")).DeadlineUtc);
    }

    [Theory]
    [InlineData("2026-05-10T21:59:59Z", "2026-05-10T23:59:59Z")]
    [InlineData("2026-05-10T22:00:00Z", "2026-05-11T23:59:59Z")]
    public void In_utc_the_rule_is_the_same_on_the_utc_day(string arrived, string due)
    {
        var utc = new ReviewDeadlinePolicy(new ReviewDeadlineSettings("UTC"));

        Assert.Equal(At(due), utc.For(At(arrived)).DeadlineUtc);
    }

    [Theory]
    [InlineData("2026-03-13T15:00:00+08:00", "2026-03-13T18:00:00+08:00")]
    [InlineData("2026-03-13T17:00:00+08:00", "2026-03-14T18:00:00+08:00")] // less than 2 h before 18:00
    [InlineData("2026-03-13T20:00:00+08:00", "2026-03-14T18:00:00+08:00")] // after the day's cutoff
    public void An_earlier_cutoff_works_the_same_way(string arrived, string due)
    {
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(Cutoff: new TimeSpan(18, 0, 0)));

        Assert.Equal(At(due), policy.For(At(arrived)).DeadlineUtc);
    }

    [Theory]
    [InlineData("2026-03-13T09:00:00+08:00", "2026-03-13T21:59:59+08:00")]
    [InlineData("2026-03-13T21:00:00+08:00", "2026-03-13T21:59:59+08:00")]
    [InlineData("2026-03-13T23:00:00+08:00", "2026-03-14T21:59:59+08:00")]
    public void The_reminder_comes_the_lead_before_the_deadline(string arrived, string reminder) =>
        Assert.Equal(At(reminder), Shanghai.For(At(arrived)).ReminderUtc);

    [Fact]
    public void No_reminder_when_the_lead_has_already_passed_at_arrival()
    {
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(MinimumReviewWindow: TimeSpan.FromMinutes(30)));

        var deadline = policy.For(At("2026-03-13T22:30:00+08:00"));

        Assert.Equal(At("2026-03-13T23:59:59+08:00"), deadline.DeadlineUtc);
        Assert.Null(deadline.ReminderUtc);
    }

    [Fact]
    public void No_reminder_when_it_would_fall_exactly_at_arrival() =>
        Assert.Null(Shanghai.For(At("2026-03-13T21:59:59+08:00")).ReminderUtc);

    [Fact]
    public void A_zero_lead_turns_reminders_off() =>
        Assert.Null(new ReviewDeadlinePolicy(new ReviewDeadlineSettings(ReminderLead: TimeSpan.Zero)).For(At("2026-03-13T09:00:00+08:00")).ReminderUtc);

    [Fact]
    public void In_fixed_mode_the_deadline_is_arrival_plus_the_duration_and_a_lead_longer_than_that_means_no_reminder()
    {
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(5)));

        var deadline = policy.For(At("2026-03-13T23:58:00+08:00"));

        Assert.Equal(new ReviewDeadline(At("2026-03-13T15:58:05Z"), null), deadline);
    }

    [Fact]
    public void In_fixed_mode_the_reminder_is_the_lead_before_the_deadline_when_that_is_after_arrival()
    {
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(ReminderLead: TimeSpan.FromHours(1), FixedReviewDuration: TimeSpan.FromHours(4)));

        var deadline = policy.For(At("2026-03-13T22:30:00+08:00"));

        Assert.Equal(new ReviewDeadline(At("2026-03-14T02:30:00+08:00"), At("2026-03-14T01:30:00+08:00")), deadline);
    }
}
