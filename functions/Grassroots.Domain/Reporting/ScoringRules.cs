using Grassroots.Domain.Events;

namespace Grassroots.Domain.Reporting;

/// <summary>One rule's points for one person on one event. Each (event, person, rule) is awarded at most once.</summary>
public sealed record PointsAward(string Rule, string PersonId, int Points);

/// <summary>What scoring needs to know about a recorded step.</summary>
/// <param name="Tier">Wire name of the tier the step happened at.</param>
/// <param name="ActorId">Who acted (a reviewer's person id); null for steps the system takes.</param>
/// <param name="UnitHeadPersonId">The responsible person of the event's unit.</param>
public sealed record ScoredStep(string Kind, string? Tier, string? ActorId, string UnitHeadPersonId);

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

    /// <summary>The article's example scoring: capture +1, resolve at own tier +5, review before the deadline +1, breach −3.</summary>
    public static IReadOnlyDictionary<string, int> Defaults { get; } = new Dictionary<string, int>
    {
        [ScoringRuleNames.Capture] = 1,
        [ScoringRuleNames.ResolveAtOwnTier] = 5,
        [ScoringRuleNames.ReviewBeforeDeadline] = 1,
        [ScoringRuleNames.Breach] = -3,
    };

    public IReadOnlyList<PointsAward> ForStep(ScoredStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Tier != "unit")
        {
            return [];
        }

        var byUnitHead = step.ActorId == step.UnitHeadPersonId;
        var awards = new List<PointsAward>();
        switch (step.Kind)
        {
            case TimelineKinds.Arrived:
                // The unit head captures what residents tell them; the first arrival at the unit is the capture reaching the platform.
                Add(awards, ScoringRuleNames.Capture, step.UnitHeadPersonId);
                break;
            case TimelineKinds.Resolved when byUnitHead:
                Add(awards, ScoringRuleNames.ResolveAtOwnTier, step.UnitHeadPersonId);
                Add(awards, ScoringRuleNames.ReviewBeforeDeadline, step.UnitHeadPersonId);
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

    private void Add(List<PointsAward> awards, string rule, string personId)
    {
        if (points.TryGetValue(rule, out var value))
        {
            awards.Add(new PointsAward(rule, personId, value));
        }
    }
}
