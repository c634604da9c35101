using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Departments;

/// <summary>
/// The paths of a dispatch the happy cases do not take, each end to end on the real engine with eight-second deadlines
/// (a department's working day is one fixed duration too): what the timeline says, who is charged, where the event ends.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class DispatchPathTests(ShortDeadlineHostFixture fixture) : IClassFixture<ShortDeadlineHostFixture>
{
    private const string XialinUnit = "xialin-g1-u1";

    /// <summary>captured, then arrived + review-requested + escalated at the unit, the grid and the community.</summary>
    private const int StepsBeforeTheStreet = 10;

    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_department_that_acknowledges_but_misses_its_resolve_deadline_is_charged_a_resolve_breach_and_the_event_escalates_to_the_district()
    {
        var police = SampleDirectory.Directory.FindDepartment("xialin-police-station")!;
        var eventId = await host.CaptureAndDispatchAsync(XialinUnit, Tier.Town, police.Id);
        using var acknowledged = await host.DepartmentReportAsync(eventId, police.Id, DepartmentReportKinds.Acknowledged, note: "Officer assigned");
        Assert.Equal(HttpStatusCode.Accepted, acknowledged.StatusCode);

        // Resolve by dispatch + 2 working days × 8 s; nobody reports again.
        var view = await WaitUntilReviewRequestedAtAsync(eventId, Tier.District, arrivals: 1);
        await TerminateAsync(eventId);

        Assert.Equal(
            [(TimelineKinds.Dispatched, "xialin-street"), (TimelineKinds.DepartmentAcknowledged, "xialin-street"), (TimelineKinds.DepartmentOverdue, "xialin-street"),
             (TimelineKinds.Dispatched, "xialin-street"), (TimelineKinds.Arrived, "chengxiang"), (TimelineKinds.ReviewRequested, "chengxiang")],
            Steps(view).Skip(StepsBeforeTheStreet + 2));
        Assert.Contains("missed its resolve deadline", Step(view, TimelineKinds.DepartmentOverdue)["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("open", DispatchStates.Overdue), (view["status"]!.GetValue<string>(), SingleDispatchState(view)));

        var breach = Assert.Single(await host.BreachesOfAsync(eventId));
        Assert.Equal((BreachKinds.DepartmentResolve, police.Contact.PersonId, "xialin-street"), (breach.Kind, breach.PersonId, breach.NodeId));

        var published = await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == NotificationKinds.DepartmentOverdue));
        Assert.Equal([police.QueueName, police.QueueName],
            published.Where(m => !PublishedNotifications.IsReporterUpdate(m) && NotificationKinds.IsForDepartment(m.Subject!)).Select(m => m.EntityPath));
        host.Notifications.AssertAllValid();
    }

    [Fact]
    public async Task When_one_department_returns_the_event_the_other_departments_parts_are_withdrawn_and_the_dispatching_tier_decides_again()
    {
        string[] departments = ["chengxiang-court", "chengxiang-housing"];
        var eventId = await host.CaptureAndDispatchAsync(XialinUnit, Tier.Town, departments);
        using var housingAcknowledges = await host.DepartmentReportAsync(eventId, "chengxiang-housing", DepartmentReportKinds.Acknowledged);
        Assert.Equal(HttpStatusCode.Accepted, housingAcknowledges.StatusCode);
        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.DepartmentAcknowledged));
        using var courtReturns = await host.DepartmentReportAsync(eventId, "chengxiang-court", DepartmentReportKinds.Returned, reason: "Not a civil case");
        Assert.Equal(HttpStatusCode.Accepted, courtReturns.StatusCode);

        var view = await WaitUntilReviewRequestedAtAsync(eventId, Tier.Town, arrivals: 2);
        using var housingLate = await host.DepartmentReportAsync(eventId, "chengxiang-housing", DepartmentReportKinds.Resolved);
        await TerminateAsync(eventId);

        Assert.Equal(HttpStatusCode.Conflict, housingLate.StatusCode);
        Assert.Equal(
            [(TimelineKinds.Dispatched, "xialin-street"), (TimelineKinds.DepartmentAcknowledged, "xialin-street"), (TimelineKinds.DepartmentReturned, "xialin-street"),
             (TimelineKinds.Dispatched, "xialin-street"), (TimelineKinds.Arrived, "xialin-street"), (TimelineKinds.ReviewRequested, "xialin-street")],
            Steps(view).Skip(StepsBeforeTheStreet + 2));
        Assert.Contains("Not a civil case", view["timeline"]![StepsBeforeTheStreet + 6]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [("chengxiang-court", DispatchStates.Returned), ("chengxiang-housing", DispatchStates.Withdrawn)],
            view["dispatches"]!.AsArray().Select(d => (d!["departmentId"]!.GetValue<string>(), d["state"]!.GetValue<string>())).Order());
        Assert.Empty(await host.BreachesOfAsync(eventId));
        host.Notifications.AssertAllValid();
    }

    [Fact]
    public async Task A_report_that_does_not_fit_the_dispatch_state_is_recorded_as_rejected_and_the_dispatch_carries_on_to_its_resolution()
    {
        var eventId = await host.CaptureAndDispatchAsync(XialinUnit, Tier.Town, "chengxiang-housing");
        using var first = await host.DepartmentReportAsync(eventId, "chengxiang-housing", DepartmentReportKinds.Acknowledged);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.DepartmentAcknowledged));

        // Once the acknowledgement is recorded, a repeat in the same round is answered as already applied and raises
        // nothing. A second request that passed the endpoint's check before the first was recorded still reaches the
        // orchestration; it is raised here as that request would be.
        using var again = await host.DepartmentReportAsync(eventId, "chengxiang-housing", DepartmentReportKinds.Acknowledged);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Contains("already-applied", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var round = await host.CurrentRoundAsync(eventId);
        await host.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(eventId, DepartmentDispatch.ReportEventName("chengxiang-housing", round),
            new DepartmentReport("chengxiang-housing", DepartmentReportKinds.Acknowledged, null, "sent twice", round));
        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.DepartmentReportRejected));
        using var resolved = await host.DepartmentReportAsync(eventId, "chengxiang-housing", DepartmentReportKinds.Resolved, note: "Measured on site");
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);

        var view = await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open");
        Assert.Equal(
            [TimelineKinds.Dispatched, TimelineKinds.DepartmentAcknowledged, TimelineKinds.DepartmentReportRejected, TimelineKinds.DepartmentResolved, TimelineKinds.Resolved],
            Steps(view).Skip(StepsBeforeTheStreet + 2).Select(s => s.Kind).TakeWhile(k => k != TimelineKinds.FollowUpRequested));
        Assert.Equal($"acknowledged from {SampleDirectory.Directory.FindDepartment("chengxiang-housing")!.Name} rejected: a repeat of the acknowledged report already applied",
            Step(view, TimelineKinds.DepartmentReportRejected)["note"]!.GetValue<string>());
        Assert.Equal(("resolved", "fixed", "town"), (view["status"]!.GetValue<string>(), view["outcome"]!.GetValue<string>(), view["resolvedTier"]!.GetValue<string>()));
        Assert.Equal(DispatchStates.Resolved, SingleDispatchState(view));
        Assert.Empty(await host.BreachesOfAsync(eventId));
        var done = await host.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(eventId, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        host.Notifications.AssertAllValid();
    }

    [Fact]
    public async Task A_dispatch_none_of_whose_departments_is_left_in_the_directory_comes_back_to_the_dispatching_tier_without_a_dispatch()
    {
        var (eventId, _) = await host.CaptureAsync(XialinUnit);
        await host.EscalateUpToAsync(eventId, Tier.Town);
        var street = SampleDirectory.Node("xialin-street");

        // The endpoint checks the departments against the directory; one removed between that check and the planning
        // activity is what this raises: a dispatch to a department the directory no longer has.
        var round = await host.CurrentRoundAsync(eventId);
        await host.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(eventId, EventEscalation.ReviewEventName(round),
            new ReviewDecision("town", ReviewDecisions.Dispatch, street.Responsible.PersonId, street.Responsible.Name, "Measure the flat", null, null,
                ["chengxiang-dissolved-bureau"], false, round));

        var view = await WaitUntilReviewRequestedAtAsync(eventId, Tier.Town, arrivals: 2);
        await TerminateAsync(eventId);

        Assert.Equal(
            [(TimelineKinds.Arrived, "xialin-street"), (TimelineKinds.ReviewRequested, "xialin-street"),
             (TimelineKinds.Arrived, "xialin-street"), (TimelineKinds.ReviewRequested, "xialin-street")],
            Steps(view).Skip(StepsBeforeTheStreet));
        Assert.Equal("none of the departments is in the directory any more", view["timeline"]![StepsBeforeTheStreet + 2]!["note"]!.GetValue<string>());
        Assert.Empty(view["dispatches"]!.AsArray());
        Assert.Empty(await host.BreachesOfAsync(eventId));
        Assert.DoesNotContain(host.Notifications.Of(eventId), m => !PublishedNotifications.IsReporterUpdate(m) && NotificationKinds.IsForDepartment(m.Subject!));
        host.Notifications.AssertAllValid();
    }

    [Fact]
    public async Task A_department_that_misses_its_deadline_while_the_event_sits_at_the_city_is_charged_and_the_event_stays_at_the_city()
    {
        var emergency = SampleDirectory.Directory.FindDepartment("putian-emergency-management")!;
        var eventId = await host.CaptureAndDispatchAsync(XialinUnit, Tier.City, emergency.Id);

        var view = await WaitUntilReviewRequestedAtAsync(eventId, Tier.City, arrivals: 2);
        await TerminateAsync(eventId);

        // captured + five tiers escalating + the city's arrival and request, then its dispatch.
        Assert.Equal(
            [(TimelineKinds.Dispatched, "putian"), (TimelineKinds.DepartmentOverdue, "putian"), (TimelineKinds.Dispatched, "putian"),
             (TimelineKinds.Arrived, "putian"), (TimelineKinds.ReviewRequested, "putian")],
            Steps(view).Skip(1 + (5 * 3) + 2));
        Assert.Contains("missed its deadline", view["timeline"]![1 + (5 * 3) + 4]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("open", "city", DispatchStates.Overdue), (view["status"]!.GetValue<string>(), view["currentTier"]!.GetValue<string>(), SingleDispatchState(view)));

        var breach = Assert.Single(await host.BreachesOfAsync(eventId));
        Assert.Equal((BreachKinds.DepartmentAcknowledge, emergency.Contact.PersonId, "putian"), (breach.Kind, breach.PersonId, breach.NodeId));
        await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == NotificationKinds.DepartmentOverdue && n.EntityPath == emergency.QueueName));
        host.Notifications.AssertAllValid();
    }

    /// <summary>Waits until the tier has received the event <paramref name="arrivals"/> times and asked for its latest review.</summary>
    private Task<JsonNode> WaitUntilReviewRequestedAtAsync(string eventId, Tier tier, int arrivals) =>
        host.WaitForEventAsync(eventId, e =>
            Events.Holds(e, tier)
            && e.TimelineKinds()[^1] == TimelineKinds.ReviewRequested
            && Steps(e).Count(s => s == (TimelineKinds.Arrived, e["currentNodeId"]!.GetValue<string>())) == arrivals);

    private async Task TerminateAsync(string eventId) => await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

    private static IEnumerable<(string Kind, string NodeId)> Steps(JsonNode view) =>
        view["timeline"]!.AsArray().Select(t => (t!["kind"]!.GetValue<string>(), t["nodeId"]!.GetValue<string>()));

    private static JsonNode Step(JsonNode view, string kind) => view["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == kind)!;

    private static string SingleDispatchState(JsonNode view) => Assert.Single(view["dispatches"]!.AsArray())!["state"]!.GetValue<string>();
}
