using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>The knobs of a simulated year (command-line options in Program.cs; README, "Simulator").</summary>
public sealed record SimulationSettings
{
    public int Seed { get; init; } = 2023;

    public double Scale { get; init; } = 0.1;

    /// <summary>Wall seconds per simulated day; the review rule's "overnight" is one such day.</summary>
    public double DaySeconds { get; init; } = 60;

    /// <summary>Days on which residents report.</summary>
    public double Days { get; init; } = 9;

    /// <summary>Reports per simulated day, spread evenly with a random jitter.</summary>
    public double EventsPerDay { get; init; } = 60;

    public int Events => (int)Math.Round(Days * EventsPerDay);

    /// <summary>The closure rate the year's end is placed at (the article's 510,700 / 514,400).</summary>
    public double TargetClosureRate { get; init; } = 510_700.0 / 514_400.0;

    public IReadOnlyDictionary<Tier, TierBehaviour> Behaviour { get; init; } = TierBehaviour.Defaults;

    public IReadOnlyList<(string Category, double Share)> CategoryMix { get; init; } =
        [("dispute", 0.35), ("livelihood", 0.35), ("safety", 0.15), ("environment", 0.10), ("epidemic", 0.05)];

    /// <summary>Of dispatched events, the share sent to two departments rather than one.</summary>
    public double TwoDepartmentsShare { get; init; } = 0.2;

    public (double From, double To) AcknowledgeDays { get; init; } = (0.05, 0.5);

    /// <summary>Working days a department takes to resolve; one working day is one simulated day (no weekends).</summary>
    public (double From, double To) ResolveDays { get; init; } = (0.5, 4.0);

    public double FollowUpAnswerShare { get; init; } = 0.7;

    public double FollowUpFixedShare { get; init; } = 0.97;

    public (double From, double To) FollowUpAnswerDays { get; init; } = (0.05, 0.6);

    /// <summary>How long the resident may answer the follow-up, in simulated days.</summary>
    public double FollowUpWindowDays { get; init; } = 1.0;

    public void Validate()
    {
        foreach (var (tier, behaviour) in Behaviour)
        {
            if (Math.Abs(behaviour.Total - 1) > 1e-9)
            {
                throw new ArgumentException($"The {tier.ToWireName()} behaviour's shares add up to {behaviour.Total}, not 1.");
            }

            if (tier < Tier.Town && behaviour.Dispatch > 0)
            {
                throw new ArgumentException($"Only town/street and above dispatch; the {tier.ToWireName()} behaviour dispatches.");
            }

            if (tier == Tier.City && (behaviour.Escalate > 0 || behaviour.EscalateLate > 0))
            {
                throw new ArgumentException("The city has no one to escalate to.");
            }
        }

        if (DaySeconds <= 0 || Days <= 0 || EventsPerDay <= 0)
        {
            throw new ArgumentException("Day length, days and rate must be positive.");
        }
    }
}
