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
        // The timeline first, then the row: a step commits its timeline row and its change to the event row together,
        // so the row read afterwards has every change the timeline shows. In the other order a step committed between
        // the two reads would be on the timeline while the row still lacked it (a handover naming the new head, the
        // row still the old one). Timeline rows share the event's partition: one range query, in sequence order.
        var timeline = new List<TimelineRow>();
        await foreach (var step in table.QueryAsync<TimelineRow>(
            e => e.PartitionKey == eventId && e.RowKey.CompareTo(TimelineRow.RowKeyPrefix) >= 0 && e.RowKey.CompareTo(TimelineRow.RowKeyEnd) < 0,
            cancellationToken: cancellationToken))
        {
            timeline.Add(step);
        }

        var found = await table.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row)
        {
            return null;
        }

        return new StoredEvent(row, timeline);
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
