using System.Text.Json;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Functions.Open311;

/// <summary>
/// A service request as the public sees it. The listing needs no API key, so it shows what the spec's example shows
/// and nothing of the resident: no name, phone, email or device; the location only as <c>address_id</c> (the unit,
/// about a hundred residents), never the point or the address the resident gave; the title as the description (the
/// full text, which may name neighbours, stays with staff).
/// </summary>
public static class ServiceRequestView
{
    /// <summary>Whether the event belongs to the city (the last node of its chain).</summary>
    public static bool IsIn(EventRow row, string cityId)
    {
        ArgumentNullException.ThrowIfNull(row);
        var chain = JsonSerializer.Deserialize<List<string>>(row.ChainJson) ?? [];
        return chain.Count > 0 && chain[^1] == cityId;
    }

    /// <summary>GET Service Request: from the event row.</summary>
    public static Open311Record Of(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var open = row.Status == EventStatus.Open;
        var dispatched = open && row.Stage == EventStage.Dispatched
            ? (JsonSerializer.Deserialize<List<DispatchRecord>>(row.DispatchesJson) ?? []).Where(d => d.Round == row.Round).Select(d => d.DepartmentName).ToList()
            : [];
        var agency = dispatched.Count > 0 ? string.Join(", ", dispatched) : $"{row.CurrentTier} {row.CurrentNodeId}";
        return Record(
            row.PartitionKey,
            open,
            open ? OpenNotes(row) : ClosedNotes(row.ResolvedTier, row.Outcome),
            row.Category,
            row.Title,
            agency,
            row.CapturedAt,
            row.ClosedAt ?? row.Timestamp ?? row.CapturedAt,
            open ? row.DeadlineUtc : null,
            row.UnitId);
    }

    /// <summary>GET Service Requests: from the work-queue row alone (one page query, no read per request), so the
    /// fields the spec lets a server leave out (agency_responsible, expected_datetime) are null here.</summary>
    public static Open311Record Of(WorkQueueRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var open = !row.PartitionKey.EndsWith("~" + QueueStatus.Resolved, StringComparison.Ordinal);
        return Record(row.EventId, open, open ? null : ClosedNotes(row.ResolvedTier, row.Outcome), row.Category, row.Title, null,
            row.CapturedAt, row.ClosedAt ?? row.CapturedAt, null, row.UnitId);
    }

    private static Open311Record Record(
        string id, bool open, string? notes, string category, string title, string? agency,
        DateTimeOffset requested, DateTimeOffset updated, DateTimeOffset? expected, string unitId) => new Open311Record()
        .Add("service_request_id", id)
        .Add("status", open ? "open" : "closed")
        .Add("status_notes", notes)
        .Add("service_name", category)
        .Add("service_code", category)
        .Add("description", title)
        .Add("agency_responsible", agency)
        .Add("service_notice", null)
        .Add("requested_datetime", requested)
        .Add("updated_datetime", updated)
        .Add("expected_datetime", expected)
        .Add("address_id", unitId);

    private static string OpenNotes(EventRow row) =>
        row.Stage switch
        {
            EventStage.Dispatched => $"Dispatched to departments by the {row.CurrentTier}.",
            EventStage.AwaitingStart => "Received.",
            _ => $"Awaiting review at the {row.CurrentTier}" + (row.Overdue ? " (a deadline was missed on the way)." : "."),
        };

    private static string ClosedNotes(string? tier, string? outcome) =>
        $"Closed at the {tier ?? "platform"}" + (outcome is null ? "." : $": {outcome}.");
}
