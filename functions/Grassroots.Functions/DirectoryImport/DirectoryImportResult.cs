using Grassroots.Domain;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>An open event an import moves off a removed node (转办).</summary>
public sealed record MovedEvent(string EventId, string FromNodeId, string ToNodeId);

/// <summary>A dispatched department's part an import moves to another department (转办), because it removes the first.</summary>
/// <param name="Round">The dispatch round the part belongs to.</param>
public sealed record MovedDispatch(string EventId, int Round, string FromDepartmentId, string ToDepartmentId);

/// <summary>
/// A move the request names that the newest import already carried out (the node or department is gone from the
/// directory): a retried import, reported rather than refused, and moving nothing again.
/// </summary>
/// <param name="Kind"><c>node</c> or <c>department</c>.</param>
/// <param name="ImportId">The import that carried it out.</param>
public sealed record AlreadyAppliedMove(string Kind, string From, string To, string ImportId);

/// <summary>What an import did, or in a dry run would do.</summary>
/// <param name="ImportId">Null in a dry run: nothing was written, nothing audited.</param>
public sealed record DirectoryImportResult(
    string? ImportId, bool DryRun, DirectoryChanges Changes, IReadOnlyList<MovedEvent> Moved, IReadOnlyList<MovedDispatch> MovedDispatches,
    IReadOnlyList<AlreadyAppliedMove> MovesAlreadyApplied);

/// <summary>A node or department the import removes while open work still sits there, with no move named for it.</summary>
/// <param name="Kind"><c>node</c> (open events held at it or bound to climb into it) or <c>department</c> (open dispatches).</param>
public sealed record OpenWork(string Kind, string Id, IReadOnlyList<string> EventIds);

/// <summary>Either the import's result or the open work that stops it (nothing written).</summary>
public sealed record DirectoryImportOutcome(DirectoryImportResult? Result, IReadOnlyList<OpenWork> Blocked);
