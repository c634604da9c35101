using Grassroots.Functions.Events;
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
public sealed record HolderAnswer(ChainLink? Holder, IReadOnlyList<string> Answerers, PendingTransfer? Transfer, IReadOnlyList<ChainLink>? TransferChain)
{
    /// <summary>The people on duty the read found, or <paramref name="fallback"/> when it found none.</summary>
    public IReadOnlyList<string> AnswerersOr(IReadOnlyList<string> fallback) => Answerers.Count > 0 ? Answerers : fallback;
}

/// <summary>Who holds the event now, from the live directory (see <see cref="LiveHolder"/>): an activity, since the orchestration reads nothing itself.</summary>
public sealed class ReadHolderActivity(LiveHolder holders)
{
    public const string Name = "ReadHolder";

    [Function(Name)]
    public Task<HolderAnswer> Run([ActivityTrigger] HolderQuery query) => holders.ReadAsync(query);
}
