using Grassroots.Domain.Events;

namespace Grassroots.Domain.Reporting;

/// <summary>
/// One rule's points for one person on one event. Each (event, person, <see cref="Key"/>) is awarded at most once; the
/// key is the rule, or the rule and its occurrence for a rule that may apply more than once (each reopen).
/// </summary>
public sealed record PointsAward(string Rule, string PersonId, int Points)
{
    public string Key { get; init; } = Rule;
}

/// <summary>What scoring needs to know about a recorded step.</summary>
/// <param name="Tier">Wire name of the tier the step happened at.</param>
/// <param name="ActorId">Who acted (a reviewer's person id); null for steps the system takes.</param>
/// <param name="UnitHeadPersonId">The responsible person of the event's unit.</param>
public sealed record ScoredStep(string Kind, string? Tier, string? ActorId, string UnitHeadPersonId)
{
    /// <summary>The outcome of the close the step belongs to (a resolve, or a follow-up judging it).</summary>
    public string? Outcome { get; init; }

    /// <summary>Who closed the event, for the follow-up's steps (the actor of a resolve step is its closer).</summary>
    public string? ClosedByPersonId { get; init; }

    /// <summary>A resolve whose follow-up (回访) is open: its points wait for the follow-up's end.</summary>
    public bool FollowsUp { get; init; }

    /// <summary>For a follow-up answer: whether the resident said it was fixed.</summary>
    public bool? Fixed { get; init; }

    /// <summary>For a reopen: which one (1, 2, …), so each costs once.</summary>
    public int Occurrence { get; init; }
}

/// <summary>
/// The unit heads' scoring (积分): which rule a step earns, with the points configured for it. Only unit heads score:
/// the honour roll (光荣榜) ranks them, and the other tiers are held to account through breaches.
/// </summary>
public sealed class ScoringRules
{
    private readonly Dictionary<string, int> points;

    /// <param name="points">Points per rule name; a rule left out earns nothing.</param>
    public ScoringRules(IReadOnlyDictionary<string, int> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var unknown = points.Keys.Where(k => !ScoringRuleNames.All.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("Unknown scoring rules: " + string.Join(", ", unknown), nameof(points));
        }

        this.points = new Dictionary<string, int>(points, StringComparer.Ordinal);
    }

    /// <summary>
    /// The article's example scoring (capture +1, resolve at own tier +5, review before the deadline +1, breach −3) with
    /// points for outcomes: a close without a fix earns nothing beyond the review, a reopen costs 3. So closing an event
    /// unfixed never pays more than passing it up (<see cref="PaysFixingNotClosing"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, int> Defaults { get; } = new Dictionary<string, int>
    {
        [ScoringRuleNames.Capture] = 1,
        [ScoringRuleNames.ResolveAtOwnTier] = 5,
        [ScoringRuleNames.CloseWithoutFix] = 0,
        [ScoringRuleNames.ReviewBeforeDeadline] = 1,
        [ScoringRuleNames.Breach] = -3,
        [ScoringRuleNames.Reopened] = -3,
    };

    /// <summary>
    /// Whether closing an event unfixed, as "not ours" or as a "fix" the resident then denies, pays a unit head no more
    /// than escalating it: both earn the review's points; the close adds its outcome's points or the reopen's cost.
    /// </summary>
    public static bool PaysFixingNotClosing(IReadOnlyDictionary<string, int> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int Of(string rule) => points.TryGetValue(rule, out var value) ? value : 0;
        return Of(ScoringRuleNames.CloseWithoutFix) <= 0 && Of(ScoringRuleNames.Reopened) <= 0
            && Of(ScoringRuleNames.CloseWithoutFix) <= Of(ScoringRuleNames.ResolveAtOwnTier);
    }

    public IReadOnlyList<PointsAward> ForStep(ScoredStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Tier != "unit")
        {
            return [];
        }

        var byUnitHead = step.ActorId == step.UnitHeadPersonId;
        var closedByUnitHead = step.ClosedByPersonId == step.UnitHeadPersonId;
        var awards = new List<PointsAward>();
        switch (step.Kind)
        {
            case TimelineKinds.Arrived:
                // The unit head captures what residents tell them; the first arrival at the unit is the capture reaching the platform.
                Add(awards, ScoringRuleNames.Capture, step.UnitHeadPersonId);
                break;
            case TimelineKinds.Resolved when byUnitHead:
                Add(awards, ScoringRuleNames.ReviewBeforeDeadline, step.UnitHeadPersonId);
                if (!step.FollowsUp)
                {
                    // No follow-up will judge it (a duplicate, or an escalation from before follow-ups): paid at the close.
                    Add(awards, OutcomeRule(step.Outcome), step.UnitHeadPersonId);
                }

                break;
            case TimelineKinds.FollowUpAnswered when closedByUnitHead && step.Fixed == true:
            case TimelineKinds.FollowUpNoReply when closedByUnitHead:
                // Points reward fixing, not closing: paid once the resident did not say otherwise.
                Add(awards, OutcomeRule(step.Outcome), step.UnitHeadPersonId);
                break;
            case TimelineKinds.Reopened when closedByUnitHead:
                Add(awards, ScoringRuleNames.Reopened, step.UnitHeadPersonId, step.Occurrence);
                break;
            case TimelineKinds.Escalated when byUnitHead:
                // A review is only acted on while the deadline has not fired, so any accepted review is in time.
                Add(awards, ScoringRuleNames.ReviewBeforeDeadline, step.UnitHeadPersonId);
                break;
        }

        return awards;
    }

    /// <summary>A breach charged to a person: it costs points only when that person is the unit head at the unit tier.</summary>
    public IReadOnlyList<PointsAward> ForBreach(string tier, string chargedPersonId, string unitHeadPersonId)
    {
        var awards = new List<PointsAward>();
        if (tier == "unit" && chargedPersonId == unitHeadPersonId)
        {
            Add(awards, ScoringRuleNames.Breach, chargedPersonId);
        }

        return awards;
    }

    private static string OutcomeRule(string? outcome) =>
        outcome == ResolutionOutcomes.Fixed ? ScoringRuleNames.ResolveAtOwnTier : ScoringRuleNames.CloseWithoutFix;

    private void Add(List<PointsAward> awards, string rule, string personId, int occurrence = 0)
    {
        if (points.TryGetValue(rule, out var value))
        {
            awards.Add(new PointsAward(rule, personId, value) { Key = occurrence > 0 ? rule + "-" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture) : rule });
        }
    }
}
