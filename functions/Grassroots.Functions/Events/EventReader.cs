using System.Text.Json;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Events;

public sealed record StoredEvent(EventRow Row, IReadOnlyList<TimelineRow> Timeline)
{
    public IReadOnlyList<string> Chain => JsonSerializer.Deserialize<List<string>>(Row.ChainJson) ?? [];

    public IReadOnlyList<DispatchRecord> Dispatches => JsonSerializer.Deserialize<List<DispatchRecord>>(Row.DispatchesJson) ?? [];

    public IReadOnlyList<string> DispatchedDepartmentIds => Dispatches.Select(d => d.DepartmentId).Distinct().ToList();
}


/// <summary>Reads one event and its timeline with a single-partition query.</summary>
public sealed class EventReader(GrassrootsTables tables)
{
    public async Task<StoredEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(eventId))
        {
            return null;
        }

        var table = await tables.GetAsync(TableNames.Events);
        // A step commits its timeline row and its change to the event row in one transaction, but a read takes the row
        // and the timeline in two requests, and a step committed between them would show half of itself: a handover on
        // the timeline beside the old head, or a new stage whose step is not on the timeline yet. So the row is read
        // again after the timeline; the same ETag means no step committed in between. Steps come seconds apart, so a
        // second try is rare; after five the newest row is shown with the timeline read just before it.
        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { } row)
            {
                return null;
            }

            // Timeline rows share the event's partition: one range query, already in sequence order.
            var timeline = new List<TimelineRow>();
            await foreach (var step in table.QueryAsync<TimelineRow>(
                e => e.PartitionKey == eventId && e.RowKey.CompareTo(TimelineRow.RowKeyPrefix) >= 0 && e.RowKey.CompareTo(TimelineRow.RowKeyEnd) < 0,
                cancellationToken: cancellationToken))
            {
                timeline.Add(step);
            }

            var again = await table.GetEntityAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
            if (again.Value.ETag == row.ETag || attempt == 5)
            {
                return new StoredEvent(again.Value, timeline);
            }
        }
    }

    /// <summary>The event a resident's tracking token belongs to; null when the token is unknown.</summary>
    public async Task<StoredEvent?> FindByTrackingTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = KeyHash.Of(token);
        var tokens = await tables.GetAsync(TableNames.TrackingTokens);
        var entry = await tokens.GetEntityIfExistsAsync<TrackingTokenRow>(hash, "", cancellationToken: cancellationToken);
        var stored = entry.HasValue ? await FindAsync(entry.Value!.EventId, cancellationToken) : null;
        // The hash on the event row guards against a stale or tampered token row.
        return stored is not null && stored.Row.TrackingTokenHash == hash ? stored : null;
    }

    public static EventView ToView(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var row = stored.Row;
        return new EventView(
            row.PartitionKey,
            row.Status,
            row.Stage,
            row.Round,
            row.Category,
            row.Title,
            row.Description,
            row.UnitId,
            row.Channel,
            new ReporterView(row.ReporterName, PhoneMask.Mask(row.ReporterPhone)),
            row.OccurredAt,
            row.CapturedAt,
            JsonSerializer.Deserialize<List<string>>(row.AttachmentsJson) ?? [],
            LocationView.Of(row),
            row.CurrentTier,
            row.CurrentNodeId,
            row.ResponsiblePersonId,
            row.ResponsiblePersonName,
            row.DeadlineUtc,
            row.Overdue,
            row.Outcome,
            row.Resolution,
            row.ResolvedTier,
            row.ResolvedByPersonId,
            row.ClosedAt,
            row.DuplicateOfEventId,
            JsonSerializer.Deserialize<List<string>>(row.DuplicatesJson) ?? [],
            stored.Dispatches,
            stored.Timeline
                .OrderBy(t => t.Sequence)
                .Select(t => new TimelineEntryView(t.Sequence, t.At, t.Kind, t.Tier, t.NodeId, t.ActorId, t.ActorName, t.Note, t.DeadlineUtc))
                .ToList(),
            FollowUpView.Of(row),
            row.ReopenCount);
    }
}
