using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Notifications;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Escalation;

/// <summary>
/// The overnight rule (研判不隔夜) as configured, not the fixed review time the other tests use: each host gets a cutoff
/// moments after the current local time in the city's zone, so the day's deadline passes while the test watches.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class OvernightRuleTests
{
    private const string Zone = "Asia/Shanghai";

    [Fact]
    public async Task An_event_arriving_before_the_cutoff_is_due_at_it_is_reminded_the_configured_lead_before_and_escalates_when_it_passes()
    {
        var window = TimeSpan.FromSeconds(3);
        var lead = TimeSpan.FromSeconds(12);
        var cutoff = LocalTimeOfDayIn(TimeSpan.FromSeconds(40));
        await using var host = await StartAsync(cutoff, window, lead);
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(Zone, cutoff, window, lead));
        var unit = SampleUnits.UnitUnder("dongxing");
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        var waiting = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));
        var expected = policy.For(At(Step(waiting, TimelineKinds.Arrived, unit.Id)));
        Assert.Equal(expected.DeadlineUtc, waiting["deadlineUtc"]!.GetValue<DateTimeOffset>());
        Assert.True(expected.DeadlineUtc - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(1), $"Expected today's cutoff, the policy gave {expected.DeadlineUtc:O}");

        var grid = unit.ParentId!;
        var view = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Count(k => k == TimelineKinds.ReviewRequested) == 2, TimeSpan.FromSeconds(120));
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

        Assert.Equal(
            [TimelineKinds.Captured, TimelineKinds.Arrived, TimelineKinds.ReviewRequested, TimelineKinds.ReminderSent, TimelineKinds.DeadlineMissed,
             TimelineKinds.Arrived, TimelineKinds.ReviewRequested],
            view.TimelineKinds());
        // The storage provider delays a timer's message by a queue visibility timeout, which Azure Storage counts in whole
        // seconds, so a timer may fire up to a second early. The upper bound tells a swapped window and lead (3 s) apart.
        var early = TimeSpan.FromSeconds(1);
        var reminded = At(Step(view, TimelineKinds.ReminderSent, unit.Id));
        Assert.InRange(reminded, expected.ReminderUtc!.Value - early, expected.DeadlineUtc - TimeSpan.FromSeconds(6));
        Assert.True(At(Step(view, TimelineKinds.DeadlineMissed, unit.Id)) >= expected.DeadlineUtc - early);

        var breach = Assert.Single(await host.BreachesOfAsync(eventId));
        Assert.Equal((unit.Responsible.PersonId, unit.Id, expected.DeadlineUtc), (breach.PersonId, breach.NodeId, breach.DeadlineUtc));

        // The grid received it after the cutoff: its deadline is the next day's cutoff, as the policy says.
        var gridArrival = At(Step(view, TimelineKinds.Arrived, grid));
        Assert.Equal(policy.For(gridArrival).DeadlineUtc, view["deadlineUtc"]!.GetValue<DateTimeOffset>());
        Assert.Equal(expected.DeadlineUtc.AddDays(1), view["deadlineUtc"]!.GetValue<DateTimeOffset>());

        var published = await host.Notifications.WaitForAsync(eventId, m => m.Count(n => n.Subject == NotificationKinds.ReviewRequested) == 2);
        Assert.Equal(
            [(NotificationKinds.ReviewRequested, unit.Id), (NotificationKinds.DeadlineReminder, unit.Id), (NotificationKinds.Escalated, unit.Id), (NotificationKinds.ReviewRequested, grid)],
            published.Select(m => (m.Subject!, (string)m.ApplicationProperties["nodeId"]!)));
        Assert.Equal(Utc(expected.DeadlineUtc), published.Single(m => m.Subject == NotificationKinds.DeadlineReminder).ApplicationProperties["deadlineUtc"]);
        host.Notifications.AssertAllValid();
    }

    [Fact]
    public async Task An_event_arriving_within_the_minimum_window_before_the_cutoff_is_due_at_the_next_days_cutoff()
    {
        var window = TimeSpan.FromMinutes(30);
        var cutoff = LocalTimeOfDayIn(TimeSpan.FromSeconds(60));
        await using var host = await StartAsync(cutoff, window, ReviewDeadlineSettings.DefaultReminderLead);
        var policy = new ReviewDeadlinePolicy(new ReviewDeadlineSettings(Zone, cutoff, window));
        var unit = SampleUnits.UnitUnder("dingfu");
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        var waiting = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));
        var published = await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == NotificationKinds.ReviewRequested));
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

        var arrived = At(Step(waiting, TimelineKinds.Arrived, unit.Id));
        var deadline = waiting["deadlineUtc"]!.GetValue<DateTimeOffset>();
        Assert.Equal(policy.For(arrived).DeadlineUtc, deadline);
        Assert.InRange(deadline - arrived, TimeSpan.FromDays(1), TimeSpan.FromDays(1) + TimeSpan.FromSeconds(60));
        Assert.Equal(cutoff, TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById(Zone)).TimeOfDay);
        Assert.Equal(Utc(deadline), Assert.Single(published).ApplicationProperties["deadlineUtc"]);
        host.Notifications.AssertAllValid();
    }

    /// <summary>The time of day in the city <paramref name="fromNow"/> from now, in whole seconds as a setting is written.</summary>
    private static TimeSpan LocalTimeOfDayIn(TimeSpan fromNow)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow + fromNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).TimeOfDay;
        return TimeSpan.FromSeconds(Math.Floor(local.TotalSeconds));
    }

    private static Task<TestHost> StartAsync(TimeSpan cutoff, TimeSpan window, TimeSpan lead) =>
        TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Grassroots:TimeZone"] = Zone,
            ["Grassroots:ReviewCutoff"] = cutoff.ToString("c", CultureInfo.InvariantCulture),
            ["Grassroots:MinimumReviewWindow"] = window.ToString("c", CultureInfo.InvariantCulture),
            ["Grassroots:ReminderLead"] = lead.ToString("c", CultureInfo.InvariantCulture),
        });

    private static JsonNode Step(JsonNode view, string kind, string nodeId) =>
        view["timeline"]!.AsArray().First(t => t!["kind"]!.GetValue<string>() == kind && t["nodeId"]!.GetValue<string>() == nodeId)!;

    private static DateTimeOffset At(JsonNode step) => step["at"]!.GetValue<DateTimeOffset>();

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
