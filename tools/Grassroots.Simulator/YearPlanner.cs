using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>
/// Fixes, before anything runs, every event of the year and what each person will do with it. Decisions are dealt
/// by exact quotas shuffled with the seed rather than drawn one by one: among the events that reach a tier under the
/// overnight rule, exactly the configured shares resolve, escalate, dispatch, act late or never act, so the
/// calibrated figures do not carry the binomial noise of independent draws (about 0.7 percentage points for a 60%
/// share of 5,000 events). Events that reach a tier only under a slower rule get their own quota-dealt acts.
/// </summary>
public static class YearPlanner
{
    public const double OvernightWindowDays = 1.0;

    public static IReadOnlyList<EventPlan> Plan(SimulationSettings settings, IReadOnlyList<string> unitIds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(unitIds);
        settings.Validate();
        var random = new Random(settings.Seed);
        var n = settings.Events;
        var spacing = settings.Days / n;
        var categories = Deal(settings.CategoryMix.Select(c => (c.Category, c.Share)).ToList(), n, random);
        var acts = Enumerable.Range(0, n).Select(_ => new Dictionary<Tier, TierAct>()).ToList();
        var reaches = Enumerable.Range(0, n).ToList();
        foreach (var tier in Enum.GetValues<Tier>().Order())
        {
            var behaviour = settings.Behaviour[tier];
            var others = Enumerable.Range(0, n).Except(reaches).ToList();
            foreach (var group in new[] { reaches, others })
            {
                var dealt = Deal(Kinds(behaviour), group.Count, random);
                for (var i = 0; i < group.Count; i++)
                {
                    acts[group[i]][tier] = Act(dealt[i], random);
                }
            }

            reaches = [.. reaches.Where(i => !Settles(acts[i][tier], tier, OvernightWindowDays))];
        }

        return [.. Enumerable.Range(0, n).Select(i => new EventPlan(
            i,
            CaptureDay: (i + random.NextDouble()) * spacing,
            UnitId: unitIds[random.Next(unitIds.Count)],
            Category: categories[i],
            Acts: acts[i],
            Department: new DepartmentAct(
                random.NextDouble() < settings.TwoDepartmentsShare ? 2 : 1,
                Between(settings.AcknowledgeDays, random),
                Between(settings.ResolveDays, random)),
            FollowUp: random.NextDouble() < settings.FollowUpAnswerShare
                ? new FollowUpAct(Between(settings.FollowUpAnswerDays, random), random.NextDouble() < settings.FollowUpFixedShare, 3 + random.Next(3))
                : null))];
    }

    /// <summary>Whether the event stops climbing at this tier under a review window of this many days.</summary>
    public static bool Settles(TierAct act, Tier tier, double windowDays)
    {
        ArgumentNullException.ThrowIfNull(act);
        return tier == Tier.City || (act.Intent is Intent.Resolve or Intent.Dispatch && act.InTime(windowDays));
    }

    /// <summary>Exactly round(share × count) of each kind (largest remainders take what rounding leaves), shuffled.</summary>
    public static List<T> Deal<T>(IReadOnlyList<(T Kind, double Share)> shares, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(random);
        var exact = shares.Select(s => s.Share * count).ToList();
        var whole = exact.Select(e => (int)Math.Floor(e)).ToList();
        foreach (var i in Enumerable.Range(0, shares.Count).OrderByDescending(i => exact[i] - whole[i]).ThenBy(i => i).Take(count - whole.Sum()))
        {
            whole[i]++;
        }

        var dealt = new List<T>(count);
        for (var i = 0; i < shares.Count; i++)
        {
            dealt.AddRange(Enumerable.Repeat(shares[i].Kind, whole[i]));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dealt));
        return dealt;
    }

    private enum Kind
    {
        Resolve,
        ResolveLate,
        Escalate,
        EscalateLate,
        Dispatch,
        Never,
    }

    private static List<(Kind, double)> Kinds(TierBehaviour b) =>
        [(Kind.Resolve, b.Resolve), (Kind.ResolveLate, b.ResolveLate), (Kind.Escalate, b.Escalate), (Kind.EscalateLate, b.EscalateLate), (Kind.Dispatch, b.Dispatch), (Kind.Never, b.Never)];

    private static TierAct Act(Kind kind, Random random) => kind switch
    {
        Kind.Resolve => new(Intent.Resolve, Between(TierBehaviour.OnTimeDays, random)),
        Kind.ResolveLate => new(Intent.Resolve, Between(TierBehaviour.LateDays, random)),
        Kind.Escalate => new(Intent.Escalate, Between(TierBehaviour.OnTimeDays, random)),
        Kind.EscalateLate => new(Intent.Escalate, Between(TierBehaviour.LateDays, random)),
        Kind.Dispatch => new(Intent.Dispatch, Between(TierBehaviour.OnTimeDays, random)),
        _ => new(Intent.Never, double.PositiveInfinity),
    };

    private static double Between((double From, double To) range, Random random) => range.From + random.NextDouble() * (range.To - range.From);
}
