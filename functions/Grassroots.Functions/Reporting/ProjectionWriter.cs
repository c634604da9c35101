using System.Text.Json;
using Grassroots.Domain.Events;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Keeps the read model (work queues, node figures, people's months) in step with what the orchestration records. Called
/// by the activities after their own write; every update is keyed by the event and step, so a retried or repeated call
/// changes nothing.
/// </summary>
public sealed class ProjectionWriter(GrassrootsTables tables, DirectoryStore directory, ProjectionPlanner planner, ProjectionStore store)
{
    public async Task ProjectAsync(StepRecord step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (ProjectionPlanner.Projects(step))
        {
            await ProjectAsync(step, await EventRowAsync(step.EventId, cancellationToken), cancellationToken);
        }
    }

    /// <param name="row">The event row as it is after the step was recorded (the caller read it already), or null when there is none.</param>
    public async Task ProjectAsync(StepRecord step, EventRow? row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (ProjectionPlanner.Projects(step) && row is not null
            && await FactsAsync(row, needsOverdue: step.Kind == TimelineKinds.Resolved, cancellationToken) is { } facts)
        {
            await store.ApplyAsync(planner.ForStep(facts, step), cancellationToken);
        }
    }

    public async Task ProjectAsync(BreachRecord breach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(breach);
        if (await EventRowAsync(breach.EventId, cancellationToken) is { } row && await FactsAsync(row, needsOverdue: false, cancellationToken) is { } facts)
        {
            await store.ApplyAsync(planner.ForBreach(facts, breach), cancellationToken);
        }
    }

    public async Task<EventRow?> EventRowAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var events = await tables.GetAsync(TableNames.Events);
        var found = await events.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private async Task<EventFacts?> FactsAsync(EventRow row, bool needsOverdue, CancellationToken cancellationToken)
    {
        var eventId = row.PartitionKey;
        var chain = JsonSerializer.Deserialize<List<string>>(row.ChainJson) ?? [];
        if (chain.Count == 0)
        {
            return null;
        }

        var unit = await directory.FindNodeAsync(row.UnitId, cancellationToken);
        var wasOverdue = false;
        if (needsOverdue)
        {
            // The overdue marker sits in every chain node's partition; the city's is as good as any.
            var figures = await tables.GetAsync(TableNames.NodeFigures);
            var marker = await figures.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(
                chain[^1], "g~" + eventId + "~overdue", select: ["RowKey"], cancellationToken: cancellationToken);
            wasOverdue = marker.HasValue;
        }

        return new EventFacts(eventId, chain, row.CapturedAt, row.Category, row.Title, row.UnitId, row.Status,
            unit?.Responsible.PersonId ?? "", unit?.Responsible.Name ?? "", wasOverdue, row.Outcome, row.ResolvedByPersonId, row.ResolvedTier, row.ReopenCount);
    }
}
