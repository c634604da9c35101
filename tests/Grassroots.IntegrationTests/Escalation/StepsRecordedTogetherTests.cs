using System.Text.Json;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Escalation;

/// <summary>
/// An arrival and its review request, recorded by one activity against real Azurite tables: both timeline rows and the
/// arrival's change in one transaction, the arrival listed and counted, and a retry of the activity adding nothing.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class StepsRecordedTogetherTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string UnitId = "dongxing-g1-u1";

    private IServiceProvider Services => fixture.Host.Services;

    [Fact]
    public async Task An_arrival_and_its_review_request_recorded_together_write_both_steps_and_a_retry_counts_nothing_twice()
    {
        var eventId = "EV-TOGETHER-" + Guid.NewGuid().ToString("N")[..8];
        var events = await SeedAsync(eventId);
        var activity = ActivatorUtilities.CreateInstance<RecordStepActivity>(Services);
        var together = Together(eventId, DateTimeOffset.UtcNow);

        await activity.RunTogether(together);
        var markers = await MarkersAsync(eventId);
        var inbox = await InboxRowsAsync();
        await activity.RunTogether(together);

        Assert.True((await events.GetEntityIfExistsAsync<TimelineRow>(eventId, TimelineRow.KeyFor(1))).HasValue);
        Assert.Equal(TimelineKinds.ReviewRequested, (await events.GetEntityAsync<TimelineRow>(eventId, TimelineRow.KeyFor(2))).Value.Kind);
        var row = (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value;
        Assert.Equal(EventStage.AwaitingReview, row.Stage);
        Assert.Equal(UnitId, row.CurrentNodeId);
        Assert.NotEmpty(markers);
        Assert.Equal(markers, await MarkersAsync(eventId));
        Assert.Contains(inbox, r => r.EndsWith("~" + eventId, StringComparison.Ordinal));
        Assert.Equal(inbox, await InboxRowsAsync());
    }

    [Fact]
    public async Task An_arrival_read_with_its_holder_is_recorded_only_for_the_person_on_duty_its_steps_name_and_a_retry_adds_nothing_and_reports_them_recorded()
    {
        var eventId = "EV-ARRIVAL-" + Guid.NewGuid().ToString("N")[..8];
        var events = await SeedAsync(eventId);
        var activity = ActivatorUtilities.CreateInstance<RecordStepActivity>(Services);
        var at = DateTimeOffset.UtcNow;
        var (query, live) = await HolderNowAsync(eventId, at);

        var someoneElse = await activity.RunIfHeld(new HeldStepsRequest(query, live with { PersonId = "p-left-last-week" }, Together(eventId, at)));

        Assert.False(someoneElse.Recorded);
        Assert.Equal(live, someoneElse.Answer.Holder);
        Assert.False((await events.GetEntityIfExistsAsync<TimelineRow>(eventId, TimelineRow.KeyFor(1))).HasValue);
        Assert.Equal(EventStage.AwaitingStart, (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value.Stage);
        Assert.Empty(await MarkersAsync(eventId));

        var arrival = new HeldStepsRequest(query, live, Together(eventId, at));
        var recorded = await activity.RunIfHeld(arrival);
        var markers = await MarkersAsync(eventId);
        var retried = await activity.RunIfHeld(arrival);

        Assert.True(recorded.Recorded);
        Assert.True(retried.Recorded);
        Assert.Equal(live, recorded.Answer.Holder);
        Assert.Equal(TimelineKinds.ReviewRequested, (await events.GetEntityAsync<TimelineRow>(eventId, TimelineRow.KeyFor(2))).Value.Kind);
        Assert.Equal(EventStage.AwaitingReview, (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value.Stage);
        Assert.NotEmpty(markers);
        Assert.Equal(markers, await MarkersAsync(eventId));

        // A retry whose read finds someone else on duty: the steps its first attempt recorded stand, and it says so.
        var afterHandover = await activity.RunIfHeld(arrival with { Expected = live with { PersonId = "p-took-over" } });
        Assert.True(afterHandover.Recorded);
        Assert.Equal(markers, await MarkersAsync(eventId));
    }

    [Fact]
    public async Task A_decision_read_with_its_holder_is_recorded_only_when_the_rules_accept_it_and_a_retry_after_the_directory_changed_reports_it_recorded()
    {
        var eventId = "EV-DECIDED-" + Guid.NewGuid().ToString("N")[..8];
        var events = await SeedAsync(eventId);
        var activity = ActivatorUtilities.CreateInstance<RecordStepActivity>(Services);
        var at = DateTimeOffset.UtcNow;
        await activity.RunTogether(Together(eventId, at));
        var chain = SampleUnits.ChainOf(UnitId);
        var (query, live) = await HolderNowAsync(eventId, at);
        var close = new StepRecord(eventId, 3, at, TimelineKinds.Resolved, "unit", UnitId, "p-stranger", "Stranger", "resolve (fixed)", null, new EventChange
        {
            Status = EventStatus.Resolved, Stage = EventStage.Done, Outcome = "fixed", ResolvedTier = "unit", ResolvedByPersonId = "p-stranger", ClosedAt = at, Overdue = false,
        });
        var byStranger = new ReviewDecision("unit", ReviewDecisions.Resolve, "p-stranger", "Stranger", "fixed", "fixed", null, null, false, 1);

        var refused = await activity.RunIfHeld(new HeldStepsRequest(query, live, new NotifyingSteps([new NotifyingStep(close, [])]), byStranger, [.. chain.Select(n => n.Responsible.PersonId)]));

        Assert.False(refused.Recorded);
        Assert.False((await events.GetEntityIfExistsAsync<TimelineRow>(eventId, TimelineRow.KeyFor(3))).HasValue);
        Assert.Equal(EventStatus.Open, (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value.Status);

        var head = live.PersonId;
        var byHead = byStranger with { ReviewerPersonId = head, ReviewerName = live.PersonName };
        var closedByHead = close with { ActorId = head, Change = close.Change! with { ResolvedByPersonId = head } };
        var accepted = await activity.RunIfHeld(new HeldStepsRequest(query, live, new NotifyingSteps([new NotifyingStep(closedByHead, [])]), byHead, []));

        Assert.True(accepted.Recorded);
        Assert.Equal(TimelineKinds.Resolved, (await events.GetEntityAsync<TimelineRow>(eventId, TimelineRow.KeyFor(3))).Value.Kind);
        var row = (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value;
        Assert.Equal((EventStatus.Resolved, head), (row.Status, row.ResolvedByPersonId));

        // The same activity again, as a retry after the first attempt recorded the close and failed, with the head no
        // longer the one the steps name (as after an import): the close stands and the orchestration is told it does.
        var markers = await MarkersAsync(eventId);
        var retried = await activity.RunIfHeld(new HeldStepsRequest(query, live with { PersonId = "p-replaced" }, new NotifyingSteps([new NotifyingStep(closedByHead, [])]), byHead, []));

        Assert.True(retried.Recorded);
        Assert.Equal(markers, await MarkersAsync(eventId));
        Assert.Equal(EventStatus.Resolved, (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value.Status);
    }

    [Fact]
    public async Task Steps_recorded_together_are_refused_when_one_after_a_counted_step_changes_what_the_counts_read()
    {
        var eventId = "EV-TOGETHER-" + Guid.NewGuid().ToString("N")[..8];
        var events = await SeedAsync(eventId);
        var activity = ActivatorUtilities.CreateInstance<RecordStepActivity>(Services);
        var together = Together(eventId, DateTimeOffset.UtcNow);
        var changing = new NotifyingSteps([together.Steps[0], together.Steps[1] with { Step = together.Steps[1].Step with { Change = new EventChange { Status = EventStatus.Closed } } }]);

        await Assert.ThrowsAsync<ArgumentException>(() => activity.RunTogether(changing));

        Assert.False((await events.GetEntityIfExistsAsync<TimelineRow>(eventId, TimelineRow.KeyFor(1))).HasValue);
    }

    private async Task<TableClient> SeedAsync(string eventId)
    {
        var events = await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        var now = DateTimeOffset.UtcNow;
        await events.UpsertEntityAsync(new EventRow
        {
            PartitionKey = eventId, Category = "dispute", Title = "Recorded together", UnitId = UnitId, Channel = "app", CapturedAt = now, OccurredAt = now,
            ChainJson = JsonSerializer.Serialize(SampleUnits.ChainOf(UnitId).Select(n => n.Id).ToList()),
        }, TableUpdateMode.Replace);
        return events;
    }

    private static NotifyingSteps Together(string eventId, DateTimeOffset at)
    {
        var unit = SampleUnits.ChainOf(UnitId)[0];
        var deadline = at.AddHours(8);
        var arrived = new StepRecord(eventId, 1, at, TimelineKinds.Arrived, "unit", UnitId, null, null, null, deadline, new EventChange
        {
            Stage = EventStage.AwaitingReview,
            CurrentTier = "unit",
            CurrentNodeId = UnitId,
            ResponsiblePersonId = unit.Responsible.PersonId,
            ResponsiblePersonName = unit.Responsible.Name,
            DeadlineUtc = deadline,
            Overdue = false,
            Round = 1,
        });
        var requested = new StepRecord(eventId, 2, at, TimelineKinds.ReviewRequested, "unit", UnitId, unit.Responsible.PersonId, unit.Responsible.Name, null, deadline, null);
        return new NotifyingSteps([new NotifyingStep(arrived, []), new NotifyingStep(requested, [])]);
    }

    [Fact]
    public async Task A_close_and_its_follow_up_request_recorded_together_leave_the_row_in_follow_up_with_the_close_counted_once()
    {
        var eventId = "EV-TOGETHER-" + Guid.NewGuid().ToString("N")[..8];
        var events = await SeedAsync(eventId);
        var activity = ActivatorUtilities.CreateInstance<RecordStepActivity>(Services);
        var at = DateTimeOffset.UtcNow;
        await activity.RunTogether(Together(eventId, at));
        var unit = SampleUnits.ChainOf(UnitId)[0];
        var ends = at.AddDays(3);
        var resolved = new StepRecord(eventId, 3, at, TimelineKinds.Resolved, "unit", UnitId, unit.Responsible.PersonId, unit.Responsible.Name, "resolve (fixed)", null, new EventChange
        {
            Status = EventStatus.Resolved, Stage = EventStage.FollowUp, Outcome = "fixed", ResolvedTier = "unit", ResolvedByPersonId = unit.Responsible.PersonId, ClosedAt = at, Overdue = false,
        });
        var requested = new StepRecord(eventId, 4, at, TimelineKinds.FollowUpRequested, "unit", UnitId, null, null, null, ends, new EventChange
        {
            Stage = EventStage.FollowUp, Round = 2, FollowUpEndsUtc = ends, FollowUpState = "open", DeadlineUtc = ends,
        });
        var close = new NotifyingSteps([new NotifyingStep(resolved, []), new NotifyingStep(requested, [])]);

        await activity.RunTogether(close);
        var markers = await MarkersAsync(eventId);
        await activity.RunTogether(close);

        var row = (await events.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue)).Value;
        Assert.Equal(EventStatus.Resolved, row.Status);
        Assert.Equal(EventStage.FollowUp, row.Stage);
        Assert.Equal(ends, row.FollowUpEndsUtc);
        Assert.Equal(unit.Responsible.PersonId, row.ResolvedByPersonId);
        Assert.Contains(markers, m => m.Contains("~closed", StringComparison.Ordinal));
        Assert.Equal(markers, await MarkersAsync(eventId));
        Assert.DoesNotContain(await InboxRowsAsync(), r => r.EndsWith("~" + eventId, StringComparison.Ordinal));
    }

    /// <summary>Who holds the event at its unit now, as the orchestration's read would find it, and the query that read it.</summary>
    private async Task<(HolderQuery Query, ChainLink Live)> HolderNowAsync(string eventId, DateTimeOffset at)
    {
        var query = new HolderQuery(eventId, 0, [.. SampleUnits.ChainOf(UnitId).Select(n => n.Id)], at);
        return (query, (await Services.GetRequiredService<LiveHolder>().ReadAsync(query)).Holder!);
    }

    /// <summary>The event's counter markers under its unit.</summary>
    private async Task<List<string>> MarkersAsync(string eventId)
    {
        var tables = Services.GetRequiredService<GrassrootsTables>();
        var markers = new List<string>();
        foreach (var name in new[] { TableNames.NodeFigures, TableNames.PeopleMonthly })
        {
            var table = await tables.GetAsync(name);
            // The unit's partitions (its node, its months): its markers sit under every chain node, the unit's among them.
            await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey ge '{UnitId}' and PartitionKey lt '{UnitId}~~'", select: ["PartitionKey", "RowKey"]))
            {
                if (row.RowKey.Contains("~" + eventId + "~", StringComparison.Ordinal) || row.RowKey.EndsWith("~" + eventId, StringComparison.Ordinal))
                {
                    markers.Add(name + "/" + row.PartitionKey + "/" + row.RowKey);
                }
            }
        }

        markers.Sort(StringComparer.Ordinal);
        return markers;
    }

    private async Task<List<string>> InboxRowsAsync()
    {
        var inbox = await Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Inbox);
        var rows = new List<string>();
        await foreach (var row in inbox.QueryAsync<TableEntity>(r => r.PartitionKey == InboxRow.NodePartition(UnitId), select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
