namespace Grassroots.Functions.Events;

/// <summary>
/// An open event an import moves off a removed node (转办): the node it leaves, the node it goes to, and its new chain
/// (the nodes below the removed one as they were, then the target and every node above it in the new directory).
/// </summary>
public sealed record PendingTransfer(string ImportId, string FromNodeId, string ToNodeId, IReadOnlyList<string> Chain);
