using System.Net;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// A decision accepted before its deadline must act even when the host dies before the orchestration takes it and
/// comes back only after the deadline: the raised event may sit in a queue message the dead process had leased (hidden
/// until the lease runs out), or be read after the timer that fired meanwhile. The accepted decision, not the order of
/// queue messages, decides the round.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class DecisionsAcrossCrashTests
{
    private const string Department = "chengxiang-housing";
    private static readonly TimeSpan ReviewTime = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reviews_and_department_reports_accepted_before_their_deadlines_apply_after_a_kill_that_outlasts_the_deadlines()
    {
        await using var host = await LocalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Grassroots__FixedReviewDuration"] = ReviewTime.ToString(),
        });
        // Dispatched first, so its acknowledge deadline falls while the host is down together with the reviews' ones.
        var dispatched = await host.Client.CaptureAndDispatchAsync("xialin-g1-u1", Tier.Town, Department);
        var units = new[] { "dingfu", "dongxing", "xialin" }.Select(SampleUnits.UnitUnder).ToList();
        var events = new List<string>();
        foreach (var unit in units)
        {
            events.Add((await host.Client.CaptureAsync(unit.Id)).EventId);
        }

        foreach (var eventId in events)
        {
            await host.Client.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains(TimelineKinds.ReviewRequested));
        }

        // Resolve each, then kill at once: some raised reviews are still in the control queue, some taken by the process.
        for (var i = 0; i < events.Count; i++)
        {
            using var review = await host.Client.ReviewAsync(events[i], units[i], Tier.Unit, ReviewDecisions.Resolve, ResolutionOutcomes.Fixed, "Cleared");
            Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        }

        using (var report = await host.Client.DepartmentReportAsync(dispatched, Department, DepartmentReportKinds.Resolved, note: "Drain cleared"))
        {
            Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        }

        await host.KillAsync();
        await Task.Delay(ReviewTime + TimeSpan.FromSeconds(3));
        await host.RestartAsync();

        for (var i = 0; i < events.Count; i++)
        {
            var view = await host.Client.WaitForEventAsync(events[i], e => e["status"]!.GetValue<string>() != "open" || Events.Holds(e, Tier.Grid),
                TimeSpan.FromSeconds(150));
            Assert.Equal(("resolved", "unit"), (view["status"]!.GetValue<string>(), view["resolvedTier"]?.GetValue<string>()));
            Assert.DoesNotContain(TimelineKinds.DeadlineMissed, view.TimelineKinds());
            Assert.Single(view.TimelineKinds(), k => k == TimelineKinds.Resolved);
        }

        var settled = await host.Client.WaitForEventAsync(dispatched, e => e["status"]!.GetValue<string>() != "open" || !Events.Holds(e, Tier.Town) && e["stage"]!.GetValue<string>() != "dispatched",
            TimeSpan.FromSeconds(150));
        Assert.Equal(("resolved", "town"), (settled["status"]!.GetValue<string>(), settled["resolvedTier"]?.GetValue<string>()));
        Assert.DoesNotContain(TimelineKinds.DepartmentOverdue, settled.TimelineKinds());
        Assert.Single(settled.TimelineKinds(), k => k == TimelineKinds.DepartmentResolved);
        Assert.DoesNotContain(TimelineKinds.DepartmentReportRejected, settled.TimelineKinds());
    }
}
