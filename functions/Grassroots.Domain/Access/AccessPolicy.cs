namespace Grassroots.Domain.Access;

/// <summary>
/// Who may do what, in one place. Chains are node ids ordered from the unit up to the city.
/// Object-level rules: a caller's rights come from the directory, never from what a request body claims.
/// </summary>
public static class AccessPolicy
{
    /// <summary>The responsible person of the node holding the event, or of any node above it (a supervisor stepping in).</summary>
    public static bool MayReview(Caller caller, IReadOnlyList<string> chain, string holdingNodeId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(chain);
        if (caller.Kind != CallerKind.Person)
        {
            return false;
        }

        var holding = IndexOf(chain, holdingNodeId);
        return holding >= 0 && chain.Skip(holding).Any(caller.NodeIds.Contains);
    }

    /// <summary>True when the reviewer is not the holding node's own responsible person but someone above it.</summary>
    public static bool IsSupervisorSteppingIn(Caller caller, string holdingNodeId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return !caller.NodeIds.Contains(holdingNodeId);
    }

    /// <summary>People of any node on the event's chain, the departments it was dispatched to, and admins.</summary>
    public static bool MayReadEvent(Caller caller, IReadOnlyList<string> chain, IReadOnlyCollection<string> dispatchedDepartmentIds)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(dispatchedDepartmentIds);
        return caller.IsAdmin
            || (caller.Kind == CallerKind.Person && chain.Any(caller.NodeIds.Contains))
            || (caller.Kind == CallerKind.Department && caller.DepartmentId is { } department && dispatchedDepartmentIds.Contains(department));
    }

    /// <summary>
    /// 回访 by phone: the grid or community head of the event's chain (the people closest to the resident above the unit
    /// head, who may have closed it themselves). Chains run from the unit up: the grid is second, the community third.
    /// </summary>
    public static bool MayRecordFollowUp(Caller caller, IReadOnlyList<string> chain)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(chain);
        return caller.Kind == CallerKind.Person && chain.Skip(1).Take(2).Any(caller.NodeIds.Contains);
    }

    /// <summary>Only a department the event was dispatched to reports on it.</summary>
    public static bool MayReportForDispatch(Caller caller, IReadOnlyCollection<string> dispatchedDepartmentIds, string departmentId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(dispatchedDepartmentIds);
        return caller.Kind == CallerKind.Department
            && caller.DepartmentId == departmentId
            && dispatchedDepartmentIds.Contains(departmentId);
    }

    /// <summary>Work queues, figures, breaches and the honour roll of a node: its people and the people above it.</summary>
    /// <param name="nodeChain">The node asked about, then every node above it.</param>
    public static bool MayReadNode(Caller caller, IReadOnlyList<string> nodeChain)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(nodeChain);
        return caller.IsAdmin || (caller.Kind == CallerKind.Person && nodeChain.Any(caller.NodeIds.Contains));
    }

    /// <summary>A person's own breaches, or anyone responsible above one of that person's nodes.</summary>
    public static bool MayReadPerson(Caller caller, string personId, IEnumerable<IReadOnlyList<string>> chainsOfPersonsNodes)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(chainsOfPersonsNodes);
        return caller.IsAdmin
            || (caller.Kind == CallerKind.Person && (caller.PersonId == personId || chainsOfPersonsNodes.Any(chain => chain.Any(caller.NodeIds.Contains))));
    }

    /// <summary>
    /// An inbox of work waiting for them: people in the directory (their nodes) and departments (their dispatches). Admins
    /// and signed-in callers the directory does not know have none.
    /// </summary>
    public static bool HasInbox(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind is CallerKind.Person || (caller.Kind == CallerKind.Department && caller.DepartmentId is not null);
    }

    public static bool MayImportDirectory(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin;
    }

    /// <summary>Open311 API keys (which channel a third party captures as): admins only.</summary>
    public static bool MayManageApiKeys(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin;
    }

    /// <summary>Dependency details and the build version of the health answer: admins; everyone else learns the status only.</summary>
    public static bool MaySeeHealthDetails(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin;
    }

    private static int IndexOf(IReadOnlyList<string> chain, string nodeId)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i] == nodeId)
            {
                return i;
            }
        }

        return -1;
    }
}
