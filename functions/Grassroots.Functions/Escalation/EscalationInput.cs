using Grassroots.Domain;

namespace Grassroots.Functions.Escalation;

/// <summary>One tier of the event's path: the node and the person who answers for it.</summary>
public sealed record ChainLink(string NodeId, string NodeName, Tier Tier, string PersonId, string PersonName, string NotificationTarget)
{
    public static ChainLink From(OrgNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new ChainLink(node.Id, node.Name, node.Tier, node.Responsible.PersonId, node.Responsible.Name, node.NotificationTarget);
    }
}

/// <summary>
/// Everything the orchestration needs, fixed when it starts: the chain from the unit to the city and the deadline
/// policy. The orchestrator never reads configuration or the clock for these.
/// </summary>
public sealed record EscalationInput(string EventId, string Category, IReadOnlyList<ChainLink> Chain, ReviewDeadlineSettings Policy);
