using System.Text.Json;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>Who holds the event at <paramref name="At"/>: asked of the live directory, never of the chain frozen at capture.</summary>
/// <param name="Level">The tier's index in the event's chain.</param>
/// <param name="NodeIds">The chain from that tier up to the city, as the orchestration knows it.</param>
public sealed record HolderQuery(string EventId, int Level, IReadOnlyList<string> NodeIds, DateTimeOffset At);

/// <summary>
/// The answer: the node holding the event with the person on duty there (值班), who may answer for it (the people on
/// duty at that node and above), and, when an import moved the event, its new chain from that tier up.
/// </summary>
/// <param name="Holder">Null when the holding node is gone from the directory: the orchestration keeps the holder it knew.</param>
/// <param name="Transfer">The move an import ordered and the orchestration has not applied yet; null when none.</param>
/// <param name="TransferChain">With a transfer: the links from this tier up to the city, in the new directory.</param>
public sealed record HolderAnswer(ChainLink? Holder, IReadOnlyList<string> Answerers, PendingTransfer? Transfer, IReadOnlyList<ChainLink>? TransferChain);

/// <summary>
/// Reads the holder of an event from the live directory: the orchestration calls it when the event arrives at a tier,
/// when a review arrives, when the directory changed and when the deadline passes, so a handover, a deputy on duty or
/// a move is seen at that moment, and a breach goes to whoever held the event then.
/// </summary>
/// <remarks>
/// The import writes a move before it changes the directory, so a move counts only once the node it leaves is gone from
/// the directory and the node it goes to is there: an import that stopped before its directory write moves nothing, and
/// its re-run writes the move again. It counts only while the node it leaves still lies ahead of the event (from the
/// holding tier up): a move left by such a stopped import acts on nothing once the event has climbed past that node.
/// </remarks>
public sealed class ReadHolderActivity(DirectoryStore directory, GrassrootsTables tables)
{
    public const string Name = "ReadHolder";

    [Function(Name)]
    public async Task<HolderAnswer> Run([ActivityTrigger] HolderQuery query)
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
