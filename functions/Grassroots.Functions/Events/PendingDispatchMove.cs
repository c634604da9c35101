namespace Grassroots.Functions.Events;

/// <summary>
/// A dispatched department's part an import moves to another department (转办), because the import removes the first.
/// Kept on the event row until the escalation applies it; it names its dispatch round, so it acts in no later one and a
/// move already applied (the part is <c>transferred</c> by then) is not applied again.
/// </summary>
public sealed record PendingDispatchMove(string ImportId, int Round, string FromDepartmentId, string ToDepartmentId);
