using Grassroots.Domain;
using Grassroots.Functions.Events;

namespace Grassroots.Functions.Escalation;

/// <summary>One tier of the event's path: the node and the person who answers for it.</summary>
public sealed record ChainLink(string NodeId, string NodeName, Tier Tier, string PersonId, string PersonName, string NotificationTarget)
{
    public static ChainLink From(OrgNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new ChainLink(node.Id, node.Name, node.Tier, node.Responsible.PersonId, node.Responsible.Name, node.NotificationTarget);
    }

    /// <summary>
    /// The people the chain names from <paramref name="level"/> up: who answers for a tier when the live directory finds
    /// nobody on duty there (its node is gone), since the chain the orchestration carries is then all it knows.
    /// </summary>
    public static IReadOnlyList<string> PeopleFrom(IReadOnlyList<ChainLink> chain, int level)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return [.. chain.Skip(level).Select(l => l.PersonId)];
    }
}

/// <summary>
/// Everything the orchestration needs, fixed when it starts: the chain from the unit to the city and the deadline
/// policy. The orchestrator never reads configuration or the clock for these. <see cref="Progress"/> is null for a new
/// event; a generation that continues as new, or the watchdog restarting an escalation, carries where the event stands.
/// </summary>
/// <param name="FollowUpWindow">How long the resident may answer after a close (回访); null: no follow-up (escalations
/// started before follow-ups existed end at the close, as they always did).</param>
public sealed record EscalationInput(
    string EventId, string Category, IReadOnlyList<ChainLink> Chain, ReviewDeadlineSettings Policy, EscalationProgress? Progress = null,
    TimeSpan? FollowUpWindow = null);

/// <summary>
/// Where an escalation stands between two generations of its orchestration (each continues as new at a tier change or
/// a city day, so its history stays bounded): the tier, the last round and step used, the dispatch history.
/// </summary>
/// <param name="Level">Index in the chain of the tier the event waits at next.</param>
/// <param name="Round">The last round used; the next wait takes the one after it.</param>
/// <param name="Sequence">The last timeline step written; timeline rows are keyed by it, so it only ever grows.</param>
/// <param name="Overdue">At the city after a missed deadline: the next arrival is the next day's re-notification.</param>
/// <param name="ArrivalNote">Why the event arrives (a department's return, a repair), for the arrival step.</param>
/// <param name="LastReviewRound">The round of the last wait for a review: a late review for it is recorded as rejected.</param>
/// <param name="LastDecisionId">The submission that decided that round when it was taken from the accepted decisions
/// after the deadline fired: its raised copy may still arrive, and is the same decision, not a late one.</param>
/// <param name="FollowUp">Set when the event is closed and waits for the follow-up's answer: the generation waits for it.</param>
/// <param name="Reopens">How often "not fixed" reopened the event so far.</param>
public sealed record EscalationProgress(
    int Level, int Round, int Sequence, IReadOnlyList<DispatchRecord> Dispatches, bool Overdue, string? ArrivalNote, int LastReviewRound,
    string? LastDecisionId = null, FollowUpPhase? FollowUp = null, int Reopens = 0)
{
    public static EscalationProgress Start { get; } = new(0, 0, 0, [], false, null, 0);
}

/// <summary>
/// A closed event's follow-up (回访): the round it answers, until when, and the close it judges. A reopen goes back to
/// the tier at <see cref="Level"/>.
/// </summary>
/// <param name="Level">Index in the chain of the tier that closed the event.</param>
/// <param name="Status">The event's status at the close (resolved or closed).</param>
public sealed record FollowUpPhase(int Level, int Round, DateTimeOffset EndsUtc, string Status, string Outcome, string ClosedByPersonId);
