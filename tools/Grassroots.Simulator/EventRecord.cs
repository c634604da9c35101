using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>What happened to one event in a run, as its actors saw it through the API.</summary>
public sealed class EventRecord(EventPlan plan)
{
    public EventPlan Plan { get; } = plan;

    public string? EventId { get; set; }

    public double? CapturedDay { get; set; }

    public double? ClosedDay { get; set; }

    public Tier? ResolvedTier { get; set; }

    /// <summary>Tier arrivals (rounds at a tier) the actors saw: the run's tier cycles.</summary>
    public int TierCycles { get; set; }

    /// <summary>Tiers whose person, by plan, let the deadline pass.</summary>
    public List<Tier> IntendedMisses { get; } = [];

    /// <summary>Decisions the app refused (the round had moved on: the engine was late, or the deadline passed first).</summary>
    public List<(Tier Tier, int Status)> Refused { get; } = [];

    /// <summary>Seconds by which an actor saw its turn later than it meant to act (engine lag plus one poll at most).</summary>
    public List<double> LagSeconds { get; } = [];

    /// <summary>Seconds from an accepted review to the event's arrival at the next tier.</summary>
    public List<double> HopSeconds { get; } = [];

    public int FollowUpsAnswered { get; set; }

    public int Reopened { get; set; }
}
