using Grassroots.Domain;

namespace Grassroots.Simulator;

/// <summary>
/// Where an event's plan takes it under a review window, if the engine kept every deadline exactly: the tier that
/// settles it, when it closes (simulated days after capture), and the tiers it is bypassed at. Follow-up reopens are
/// left out (a few percent of answered follow-ups, each adding one review at the closing tier).
/// </summary>
public sealed record PathPrediction(Tier? SettledAt, double? DaysToClose, IReadOnlyList<Tier> Breaches)
{
    public static PathPrediction For(EventPlan plan, double windowDays)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var days = 0.0;
        var breaches = new List<Tier>();
        foreach (var tier in Enum.GetValues<Tier>().Order())
        {
            var act = plan.Acts[tier];
            if (tier == Tier.City)
            {
                // The city cannot be bypassed: past its deadline the event waits there, overdue, until the city acts.
                if (!act.InTime(windowDays))
                {
                    breaches.Add(tier);
                }

                return act.Intent == Intent.Never
                    ? new(null, null, breaches)
                    : new(tier, days + act.ResponseDays + (act.Intent == Intent.Dispatch ? plan.Department.ResolveDays : 0), breaches);
            }

            if (!act.InTime(windowDays))
            {
                breaches.Add(tier);
                days += windowDays;
                continue;
            }

            days += act.ResponseDays;
            switch (act.Intent)
            {
                case Intent.Resolve:
                    return new(tier, days, breaches);
                case Intent.Dispatch:
                    return new(tier, days + plan.Department.ResolveDays, breaches);
            }
        }

        throw new InvalidOperationException("Unreachable: the city always ends the path.");
    }

    /// <summary>
    /// The year's end: how many simulated days after the last report day the snapshot is taken so that, under the
    /// overnight rule's predictions, the share still open is the article's (1 − target closure rate). Reports arrive
    /// evenly, so the events still open are those captured too close to the end for their path to finish.
    /// </summary>
    public static double YearEndAfterLastDay(IReadOnlyList<EventPlan> plans, double reportDays, double targetClosureRate, double stepDays = 0.01)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var closes = plans.Select(p => For(p, YearPlanner.OvernightWindowDays).DaysToClose is { } d ? p.CaptureDay + d : double.PositiveInfinity).ToList();
        for (var tail = 0.0; tail < 60; tail += stepDays)
        {
            var end = reportDays + tail;
            if (closes.Count(c => c <= end) >= targetClosureRate * plans.Count)
            {
                return tail;
            }
        }

        throw new InvalidOperationException("The plan never reaches the target closure rate within 60 days after the last report: too many events never close.");
    }
}
