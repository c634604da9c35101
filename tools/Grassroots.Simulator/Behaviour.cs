using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>What a tier's responsible person means to do with an event, and when.</summary>
public enum Intent
{
    Resolve,
    Escalate,

    /// <summary>Town/street and above: send it to departments.</summary>
    Dispatch,

    /// <summary>Never looks at it: the deadline passes and the event is bypassed (at the city it stays open).</summary>
    Never,
}

/// <summary>
/// How one tier's people behave, as shares of the events that reach them (each a fraction; they sum to 1). "Late"
/// people act between <see cref="LateDays"/> after the event arrived: too late for the overnight rule (a deadline one
/// day after arrival), in time for a 3-day rule. Everyone else who acts does so within <see cref="OnTimeDays"/>.
/// </summary>
public sealed record TierBehaviour(double Resolve, double ResolveLate, double Escalate, double EscalateLate, double Dispatch, double Never)
{
    public static (double From, double To) OnTimeDays { get; } = (0.02, 0.75);

    public static (double From, double To) LateDays { get; } = (1.1, 2.7);

    public double Total => Resolve + ResolveLate + Escalate + EscalateLate + Dispatch + Never;

    /// <summary>The calibrated defaults (README, "Simulator": how they give 60% at the unit and 90% at the grassroots).</summary>
    public static IReadOnlyDictionary<Tier, TierBehaviour> Defaults { get; } = new Dictionary<Tier, TierBehaviour>
    {
        [Tier.Unit] = new(Resolve: 0.598, ResolveLate: 0.020, Escalate: 0.357, EscalateLate: 0.010, Dispatch: 0, Never: 0.015),
        [Tier.Grid] = new(Resolve: 0.500, ResolveLate: 0.020, Escalate: 0.440, EscalateLate: 0.010, Dispatch: 0, Never: 0.030),
        [Tier.Community] = new(Resolve: 0.478, ResolveLate: 0.020, Escalate: 0.472, EscalateLate: 0.010, Dispatch: 0, Never: 0.020),
        [Tier.Town] = new(Resolve: 0.300, ResolveLate: 0.020, Escalate: 0.080, EscalateLate: 0, Dispatch: 0.550, Never: 0.050),
        [Tier.District] = new(Resolve: 0.300, ResolveLate: 0, Escalate: 0.080, EscalateLate: 0, Dispatch: 0.550, Never: 0.070),
        [Tier.City] = new(Resolve: 0.400, ResolveLate: 0, Escalate: 0, EscalateLate: 0, Dispatch: 0.550, Never: 0.050),
    };
}

/// <summary>One tier's act on one event: what, and how many simulated days after the event reached the tier.</summary>
public sealed record TierAct(Intent Intent, double ResponseDays)
{
    /// <summary>Whether the act lands before a review window of this many days closes.</summary>
    public bool InTime(double windowDays) => Intent != Intent.Never && ResponseDays < windowDays;
}

/// <summary>How departments answer a dispatch: acknowledge, then resolve, in simulated (working) days after it.</summary>
public sealed record DepartmentAct(int Departments, double AcknowledgeDays, double ResolveDays);

/// <summary>The resident's answer to the follow-up (回访), if they answer.</summary>
public sealed record FollowUpAct(double AfterDays, bool Fixed, int Satisfaction);

/// <summary>Everything the actors will do with one event, fixed before the run so both rules see the same people.</summary>
public sealed record EventPlan(int Index, double CaptureDay, string UnitId, string Category, IReadOnlyDictionary<Tier, TierAct> Acts, DepartmentAct Department, FollowUpAct? FollowUp);
