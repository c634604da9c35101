using System.Text.Json;
using Grassroots.Domain.Events;
using Grassroots.Functions.Events;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// The inbox rows an event's current state calls for, without I/O: the node holding it while it awaits review, or
/// each department whose part of the current dispatch is unsettled. Derived from the event row, not from one step,
/// so projecting any step (again, late or out of order) lands on the same rows.
/// </summary>
public static class InboxEntries
{
    public static IReadOnlyList<InboxRow> For(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Status != EventStatus.Open)
        {
            return [];
        }

        if (row.Stage == EventStage.AwaitingReview && row.CurrentNodeId.Length > 0 && row.DeadlineUtc is { } deadline)
        {
            return [Entry(row, InboxRow.NodePartition(row.CurrentNodeId), InboxActions.Review, null, deadline)];
        }

        if (row.Stage != EventStage.Dispatched)
        {
            return [];
        }

        var dispatches = JsonSerializer.Deserialize<List<DispatchRecord>>(row.DispatchesJson) ?? [];
        return dispatches
            .Where(d => d.Round == row.Round && d.State is DispatchStates.Dispatched or DispatchStates.Acknowledged)
            .Select(d => d.State == DispatchStates.Dispatched
                ? Entry(row, InboxRow.DepartmentPartition(d.DepartmentId), InboxActions.Acknowledge, d.DepartmentId, d.AcknowledgeByUtc)
                : Entry(row, InboxRow.DepartmentPartition(d.DepartmentId), InboxActions.Resolve, d.DepartmentId, d.ResolveByUtc))
            .ToList();
    }

    private static InboxRow Entry(EventRow row, string partition, string action, string? departmentId, DateTimeOffset deadline) => new()
    {
        PartitionKey = partition,
        RowKey = InboxRow.KeyFor(deadline, row.PartitionKey),
        EventId = row.PartitionKey,
        Title = row.Title,
        Category = row.Category,
        UnitId = row.UnitId,
        CapturedAt = row.CapturedAt,
        Tier = row.CurrentTier,
        NodeId = row.CurrentNodeId,
        Round = row.Round,
        Action = action,
        DepartmentId = departmentId,
        DeadlineUtc = deadline,
        Overdue = row.Overdue,
    };
}
