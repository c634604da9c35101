namespace Grassroots.Domain.Reporting;

/// <summary>A unit head's month under one node: points earned and distinct events handled.</summary>
public sealed record UnitHeadMonth(string PersonId, string PersonName, string UnitId, int Points, int Events);

public sealed record HonourRollPlace(int Rank, UnitHeadMonth Head);

/// <summary>
/// The monthly honour roll (光荣榜): unit heads with at least the minimum number of events, by points, then by events
/// handled. Equal points and events share a rank (1, 2, 2, 4). The minimum keeps a head who handled one event in four
/// minutes from topping the roll.
/// </summary>
public static class HonourRoll
{
    public static IReadOnlyList<HonourRollPlace> Rank(IEnumerable<UnitHeadMonth> heads, int minimumEvents)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var ordered = heads
            .Where(h => h.Events >= minimumEvents)
            .OrderByDescending(h => h.Points)
            .ThenByDescending(h => h.Events)
            .ThenBy(h => h.PersonId, StringComparer.Ordinal)
            .ToList();
        var places = new List<HonourRollPlace>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var tied = i > 0 && ordered[i].Points == ordered[i - 1].Points && ordered[i].Events == ordered[i - 1].Events;
            places.Add(new HonourRollPlace(tied ? places[i - 1].Rank : i + 1, ordered[i]));
        }

        return places;
    }
}
