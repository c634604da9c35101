using System.Text.Json;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// Reads the holder of an event from the live directory, for the orchestration: when the event arrives at a tier (with
/// the arrival's record), when a review arrives, when the directory changed and when the deadline passes, so a handover,
/// a deputy on duty or a move is seen at that moment, and a breach goes to whoever held the event then.
/// </summary>
/// <remarks>
/// The import writes a move before it changes the directory, so a move counts only once the node it leaves is gone from
/// the directory and the node it goes to is there: an import that stopped before its directory write moves nothing, and
/// its re-run writes the move again. It counts only while the node it leaves still lies ahead of the event (from the
/// holding tier up): a move left by such a stopped import acts on nothing once the event has climbed past that node.
/// </remarks>
public sealed class LiveHolder(DirectoryStore directory, GrassrootsTables tables)
{
    public async Task<HolderAnswer> ReadAsync(HolderQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var nodeIds = query.NodeIds;
        PendingTransfer? transfer = null;
        var events = await tables.GetAsync(TableNames.Events);
        var row = await events.GetEntityIfExistsAsync<EventRow>(query.EventId, EventRow.RowKeyValue, select: [nameof(EventRow.PendingTransferJson)]);
        if (row.HasValue && row.Value is { PendingTransferJson: { Length: > 0 } json }
            && JsonSerializer.Deserialize<PendingTransfer>(json) is { } pending
            && pending.Chain.Count > query.Level
            && pending.Chain.Skip(query.Level).First() != nodeIds[0]
            && nodeIds.Contains(pending.FromNodeId, StringComparer.Ordinal)
            && await directory.FindNodeAsync(pending.FromNodeId) is null
            && await directory.FindNodeAsync(pending.ToNodeId) is not null)
        {
            transfer = pending;
            nodeIds = [.. pending.Chain.Skip(query.Level)];
        }

        var links = new List<ChainLink>();
        var answerers = new HashSet<string>(StringComparer.Ordinal);
        ChainLink? holder = null;
        // The whole chain at one directory version: one version read, not one per tier.
        var nodes = await directory.FindNodesAsync(nodeIds);
        foreach (var nodeId in nodeIds)
        {
            if (!nodes.TryGetValue(nodeId, out var node))
            {
                continue;
            }

            var onDuty = node.OnDuty(query.At);
            var link = ChainLink.From(node) with
            {
                PersonId = onDuty.PersonId,
                PersonName = onDuty.Name,
                // A deputy is reached in the app under their own id; the node's target belongs to its head.
                NotificationTarget = onDuty.PersonId == node.Responsible.PersonId ? node.NotificationTarget : "app:" + onDuty.PersonId,
            };
            holder ??= nodeId == nodeIds[0] ? link : null;
            links.Add(link);
            answerers.Add(node.Responsible.PersonId);
            answerers.Add(onDuty.PersonId);
        }

        return new HolderAnswer(holder, [.. answerers.Order(StringComparer.Ordinal)], transfer, transfer is null ? null : links);
    }
}
