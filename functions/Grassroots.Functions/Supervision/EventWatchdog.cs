using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Supervision;

/// <summary>What one watchdog run saw and did.</summary>
public sealed record WatchdogRun(int Checked, int Broken, int Repaired);

/// <summary>
/// Keeps every open event with an owner and a clock: finds open events whose escalation is missing, Failed, Terminated
/// or ended, or that still await their start after the claim timeout, and restarts each from what its event row
/// records (tier, node, round, dispatches) with a "repaired" step. Reads the open-events index, never the whole table.
/// </summary>
public sealed class EventWatchdog(
    GrassrootsTables tables,
    OpenEventIndex index,
    DirectoryStore directory,
    TimeProvider clock,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<GrassrootsOptions> cityOptions,
    IOptions<FollowUpOptions> followUpOptions,
    ILogger<EventWatchdog> logger)
{
    /// <summary>An index entry whose event row never appeared (the capturing request died between the two writes) is dropped after this.</summary>
    private static readonly TimeSpan OrphanEntryAge = TimeSpan.FromDays(1);

    public async Task<WatchdogRun> RunAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var events = await tables.GetAsync(TableNames.Events);
        int checkedCount = 0, broken = 0, repaired = 0;
        await foreach (var entry in index.OpenAsync(cancellationToken))
        {
            checkedCount++;
            var eventId = entry.RowKey;
            var found = await events.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { } row)
            {
                if (clock.GetUtcNow() - entry.Since > OrphanEntryAge)
                {
                    await index.UnlistAsync(eventId, cancellationToken);
                }

                continue;
            }

            // A closed event in its follow-up (回访) still has a running escalation waiting for the answer, and may reopen:
            // it stays listed and looked after until the follow-up ends.
            if (row.Status != EventStatus.Open && row.Stage != EventStage.FollowUp)
            {
                await index.UnlistAsync(eventId, cancellationToken);
                await index.RepairedAsync(eventId, cancellationToken);
                continue;
            }

            var instance = await durable.GetInstanceAsync(eventId, cancellationToken);
            if (!NeedsRepair(row, instance))
            {
                await index.RepairedAsync(eventId, cancellationToken);
                continue;
            }

            broken++;
            await index.MarkUnderRepairAsync(eventId, clock.GetUtcNow(), cancellationToken);
            if (await RepairAsync(events, row, instance, durable, cancellationToken))
            {
                repaired++;
            }
        }

        if (broken > 0)
        {
            logger.LogWarning("Watchdog: {Checked} open events checked, {Broken} with a broken escalation, {Repaired} restarted", checkedCount, broken, repaired);
        }

        return new WatchdogRun(checkedCount, broken, repaired);
    }

    private bool NeedsRepair(EventRow row, OrchestrationMetadata? instance)
    {
        if (instance is null)
        {
            // Intake owns a fresh start until its claim times out; after that, or at any later stage, a missing instance is lost.
            return row.Stage != EventStage.AwaitingStart
                || clock.GetUtcNow() - (row.StartClaimedAt ?? DateTimeOffset.UnixEpoch) >= intakeOptions.Value.StartClaimTimeout;
        }

        // The escalation ends only when the event closes; an ended instance of an open event is a broken one.
        return instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed;
    }

    /// <returns>True when this run restarted the escalation; false when another run (or the escalation itself) got there first.</returns>
    private async Task<bool> RepairAsync(TableClient events, EventRow row, OrchestrationMetadata? instance, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var eventId = row.PartitionKey;
        // The stored chain, not the unit's chain in today's directory: an import may have moved the event (转办), and
        // the nodes it left below may be gone. Only the nodes from the holding one up must still exist.
        var ids = JsonSerializer.Deserialize<List<string>>(row.ChainJson) ?? [];
        var level = Math.Max(0, ids.IndexOf(row.CurrentNodeId));
        var chain = new List<ChainLink>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (await directory.FindNodeAsync(ids[i], cancellationToken) is { } node)
            {
                chain.Add(ChainLink.From(node));
            }
            else if (i < level)
            {
                chain.Add(new ChainLink(ids[i], ids[i], (Tier)(i + 1), "", "", ""));
            }
            else
            {
                logger.LogError("Watchdog: event {EventId} cannot be repaired: node {NodeId} of its chain is no longer in the directory", eventId, ids[i]);
                return false;
            }
        }

        var lastStep = await LastSequenceAsync(events, eventId, cancellationToken);
        var step = lastStep + 1;
        // Departments that had not settled are called off: the tier holding the event decides again (it may dispatch anew).
        var dispatches = (JsonSerializer.Deserialize<List<DispatchRecord>>(row.DispatchesJson) ?? [])
            .Select(d => DispatchStates.IsSettled(d.State) ? d : d with { State = DispatchStates.Withdrawn, Note = "escalation repaired" })
            .ToList();
        var was = instance is null ? (row.Stage == EventStage.AwaitingStart ? "never started" : "missing") : instance.RuntimeStatus.ToString();
        var note = $"escalation {was}; restarted at the {row.CurrentTier} tier ({row.CurrentNodeId}) after round {row.Round}";
        var repairedStep = new TimelineRow
        {
            PartitionKey = eventId,
            RowKey = TimelineRow.KeyFor(step),
            Sequence = step,
            At = clock.GetUtcNow(),
            Kind = TimelineKinds.Repaired,
            Tier = row.CurrentTier,
            NodeId = row.CurrentNodeId,
            ActorId = "system:watchdog",
            ActorName = "watchdog",
            Note = note,
        };
        var change = new TableEntity(eventId, EventRow.RowKeyValue)
        {
            [nameof(EventRow.DispatchesJson)] = JsonSerializer.Serialize(dispatches),
            [nameof(EventRow.StartClaimedAt)] = clock.GetUtcNow(),
        };
        try
        {
            // The conditional write that makes a repair happen once: the next step's key must be free and the row
            // unchanged since we read it. A second run at the same time, or the escalation writing a step, makes it fail.
            await events.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, repairedStep), new TableTransactionAction(TableTransactionActionType.UpdateMerge, change, row.ETag)],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }

        var atCity = chain[level].Tier == Tier.City;
        var progress = new EscalationProgress(level, row.Round, step, dispatches, atCity && row.Overdue, "repaired: " + note, row.Round)
        {
            Reopens = row.ReopenCount,
            FollowUp = FollowUpOf(row, level),
        };
        var input = new EscalationInput(eventId, row.Category, chain, cityOptions.Value.ReviewDeadlines(), progress, followUpOptions.Value.Window);
        await durable.ScheduleNewOrchestrationInstanceAsync(EventEscalation.OrchestratorName, input, new StartOrchestrationOptions(InstanceId: eventId), cancellationToken);
        logger.LogWarning("Watchdog restarted the escalation of event {EventId}: {Note}", eventId, note);
        return true;
    }

    /// <summary>
    /// A closed event whose follow-up was open when its escalation broke waits for the answer again, until the same end
    /// (an answer kept meanwhile is found when the window ends). Closed before the window was written: a full window.
    /// </summary>
    private FollowUpPhase? FollowUpOf(EventRow row, int level) =>
        row.Stage != EventStage.FollowUp ? null : new FollowUpPhase(
            level,
            row.FollowUpState == FollowUpStates.Open ? row.Round : row.Round + 1,
            row.FollowUpState == FollowUpStates.Open && row.FollowUpEndsUtc is { } ends ? ends : clock.GetUtcNow() + followUpOptions.Value.Window,
            row.Status,
            row.Outcome ?? "",
            row.ResolvedByPersonId ?? "");

    private static async Task<int> LastSequenceAsync(TableClient events, string eventId, CancellationToken cancellationToken)
    {
        var last = 0;
        await foreach (var step in events.QueryAsync<TimelineRow>(
            e => e.PartitionKey == eventId && e.RowKey.CompareTo(TimelineRow.RowKeyPrefix) >= 0 && e.RowKey.CompareTo(TimelineRow.RowKeyEnd) < 0,
            select: [nameof(TimelineRow.Sequence)], cancellationToken: cancellationToken))
        {
            last = Math.Max(last, step.Sequence);
        }

        return last;
    }
}
