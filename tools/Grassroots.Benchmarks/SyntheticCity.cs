using Grassroots.Domain.Events;
using Grassroots.Domain;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Benchmarks;

/// <summary>One synthetic event: the steps and breaches its orchestration would record, each with the facts it is projected with.</summary>
public sealed record SyntheticEvent(IReadOnlyList<(EventFacts Facts, object Record)> Records);

/// <summary>
/// Events spread over the sample directory's units and over one year, with the article's shape: about 60% resolved by
/// unit heads, over 90% at unit, grid or community, a few dispatched upward, under 1% still open, some deadlines missed.
/// Deterministic for a seed, so two runs load the same city.
/// </summary>
public sealed class SyntheticCity(OrgDirectory directory, DateTimeOffset yearStart, int seed)
{
    private static readonly string[] Outcomes = [ResolutionOutcomes.Fixed, ResolutionOutcomes.Duplicate, ResolutionOutcomes.NoActionNeeded, ResolutionOutcomes.NotOurs];
    private readonly List<IReadOnlyList<OrgNode>> chains = directory.Nodes.Where(n => n.Tier == Tier.Unit)
        .OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => directory.ChainToCity(n.Id)).ToList();
    private readonly Random random = new(seed);

    public SyntheticEvent Next(int number)
    {
        var chain = chains[number % chains.Count];
        var captured = yearStart.AddMinutes(random.Next(0, 365 * 24 * 60));
        var roll = random.NextDouble();
        int? closingLevel = roll switch
        {
            < 0.007 => null,
            < 0.60 => 0,
            < 0.75 => 1,
            < 0.91 => 2,
            < 0.97 => 3,
            < 0.99 => 4,
            _ => 5,
        };
        var lastLevel = closingLevel ?? random.Next(0, 3);
        var eventId = "EVB" + captured.UtcDateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture) + "-" + number.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var records = new List<(EventFacts, object)>();
        var facts = new EventFacts(eventId, chain.Select(n => n.Id).ToList(), captured, "dispute", "Synthetic event " + number, chain[0].Id,
            EventStatus.Open, chain[0].Responsible.PersonId, chain[0].Responsible.Name, WasOverdue: false);
        var at = captured;
        var sequence = 0;
        for (var level = 0; level <= lastLevel; level++)
        {
            var link = chain[level];
            var tier = link.Tier.ToWireName();
            records.Add((facts, new StepRecord(eventId, ++sequence, at, TimelineKinds.Arrived, tier, link.Id, null, null, null, null, null)));
            at = at.AddMinutes(random.Next(5, 240));
            if (level == closingLevel)
            {
                var outcome = random.NextDouble() < 0.85 ? Outcomes[0] : Outcomes[random.Next(1, Outcomes.Length)];
                var status = outcome == ResolutionOutcomes.Fixed ? EventStatus.Resolved : EventStatus.Closed;
                var closed = facts with { Status = status };
                records.Add((closed, new StepRecord(eventId, ++sequence, at, TimelineKinds.Resolved, tier, link.Id, link.Responsible.PersonId, link.Responsible.Name, null, null,
                    new EventChange { Status = status, Outcome = outcome, ResolvedTier = tier, ResolvedByPersonId = link.Responsible.PersonId, ClosedAt = at })));
                break;
            }

            if (random.NextDouble() < 0.05 || (closingLevel is null && level == lastLevel))
            {
                // Not reviewed in time: a breach for this tier's person; the event moves up (or stays open at its last tier).
                var missed = ++sequence;
                records.Add((facts, new StepRecord(eventId, missed, at, TimelineKinds.DeadlineMissed, tier, link.Id, link.Responsible.PersonId, link.Responsible.Name, null, at, null)));
                records.Add((facts, new BreachRecord(eventId, missed, BreachKinds.Review, tier, link.Id, link.Responsible.PersonId, link.Responsible.Name, at, at)));
                facts = facts with { WasOverdue = true };
            }
            else if (level < lastLevel)
            {
                records.Add((facts, new StepRecord(eventId, ++sequence, at, TimelineKinds.Escalated, tier, link.Id, link.Responsible.PersonId, link.Responsible.Name, null, null, null)));
            }
        }

        return new SyntheticEvent(records);
    }
}
