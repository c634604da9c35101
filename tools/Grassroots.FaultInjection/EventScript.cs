using Grassroots.Domain;

namespace Grassroots.FaultInjection;

/// <summary>What the people and departments do with one event, in the order the event reaches them.</summary>
public enum ScriptKind
{
    /// <summary>The unit head resolves it on the spot (预处理), sometimes with a double click.</summary>
    UnitResolves,
    /// <summary>The unit head escalates; the grid worker closes it, no action needed.</summary>
    GridCloses,
    /// <summary>The unit head lets the deadline pass, then resolves too late; the grid worker fixes it.</summary>
    LateUnitReview,
    /// <summary>Escalated to the town/street, dispatched to one or two departments that acknowledge and resolve (sometimes reporting twice).</summary>
    DepartmentsResolve,
    /// <summary>Dispatched (sometimes with a double click), the department returns it; the town/street closes it as not its own.</summary>
    DepartmentReturns,
    /// <summary>Nobody reviews: deadlines carry it to the city, whose duty officer fixes it (sometimes after a missed city day).</summary>
    DeadlinesToCity,
    /// <summary>Dispatched to a department whose queue does not exist; the department still acknowledges and resolves over HTTP.</summary>
    QueuelessDepartment,
}

/// <summary>The state an event must end in when every scripted action counted as the script says.</summary>
public sealed record ExpectedState(string Status, string Outcome, string ResolvedTier)
{
    public override string ToString() => $"{Status} ({Outcome}) at {ResolvedTier}";
}

/// <param name="DoubleAction">Unit resolves: the resolve is sent twice at once; department returns: the dispatch is.</param>
/// <param name="DuplicateReport">Departments resolve: each department's resolved report is sent twice.</param>
/// <param name="MissCityDay">Deadlines to city: the city also lets its first deadline pass before resolving.</param>
public sealed record EventScript(
    int Number, ScriptKind Kind, string UnitId, IReadOnlyList<string> Departments, bool DoubleAction, bool DuplicateReport, bool MissCityDay)
{
    public ExpectedState Expected => Kind switch
    {
        ScriptKind.UnitResolves => new("resolved", "fixed", "unit"),
        ScriptKind.GridCloses => new("closed", "no-action-needed", "grid"),
        ScriptKind.LateUnitReview => new("resolved", "fixed", "grid"),
        ScriptKind.DepartmentsResolve or ScriptKind.QueuelessDepartment => new("resolved", "fixed", "town"),
        ScriptKind.DepartmentReturns => new("closed", "not-ours", "town"),
        ScriptKind.DeadlinesToCity => new("resolved", "fixed", "city"),
        _ => throw new InvalidOperationException("Unknown script " + Kind),
    };

    public string Describe() => Kind + (DoubleAction ? ", double click" : "") + (DuplicateReport ? ", duplicate report" : "") +
        (MissCityDay ? ", misses a city day" : "") + (Departments.Count > 0 ? " → " + string.Join(" + ", Departments) : "");

    /// <summary>
    /// Deals scripts to events from a seeded random source. The first events take every kind and variant once, so even a
    /// small run covers each; the rest are drawn by weight, about as often as the article's cases happen.
    /// </summary>
    public static IReadOnlyList<EventScript> Plan(int events, OrgDirectory directory, string queuelessDepartmentId, Random random)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(random);
        var units = directory.Nodes.Where(n => n.Tier == Tier.Unit).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        var queueless = directory.FindDepartment(queuelessDepartmentId) ?? throw new ArgumentException("No department " + queuelessDepartmentId);
        var unitsForQueueless = units.Where(u => directory.ChainToCity(u.Id).Any(n => queueless.DispatchableBy.Contains(n.Id) && n.Tier == Tier.Town)).ToList();
        ScriptKind[] firstRound =
        [
            ScriptKind.UnitResolves, ScriptKind.DepartmentsResolve, ScriptKind.DeadlinesToCity, ScriptKind.DepartmentReturns, ScriptKind.QueuelessDepartment,
            ScriptKind.GridCloses, ScriptKind.LateUnitReview, ScriptKind.UnitResolves, ScriptKind.DepartmentsResolve, ScriptKind.DeadlinesToCity, ScriptKind.DepartmentReturns,
        ];
        (ScriptKind Kind, int Weight)[] weights =
        [
            (ScriptKind.UnitResolves, 30), (ScriptKind.GridCloses, 15), (ScriptKind.LateUnitReview, 10), (ScriptKind.DepartmentsResolve, 20),
            (ScriptKind.DepartmentReturns, 10), (ScriptKind.DeadlinesToCity, 12), (ScriptKind.QueuelessDepartment, 3),
        ];
        var scripts = new List<EventScript>();
        for (var number = 1; number <= events; number++)
        {
            var first = number <= firstRound.Length;
            var kind = first ? firstRound[number - 1] : Draw(weights, random);
            // The first round's repeats carry the variants; later events get them by chance.
            var variant = first ? scripts.Any(s => s.Kind == kind) : random.NextDouble() < 0.35;
            var unit = kind == ScriptKind.QueuelessDepartment ? unitsForQueueless[random.Next(unitsForQueueless.Count)] : units[random.Next(units.Count)];
            var town = directory.ChainToCity(unit.Id).Single(n => n.Tier == Tier.Town);
            var departments = kind switch
            {
                ScriptKind.QueuelessDepartment => [queueless.Id],
                ScriptKind.DepartmentsResolve => Pick(directory, town.Id, queuelessDepartmentId, random, random.Next(1, 3)),
                ScriptKind.DepartmentReturns => Pick(directory, town.Id, queuelessDepartmentId, random, 1),
                _ => (IReadOnlyList<string>)[],
            };
            scripts.Add(new EventScript(number, kind, unit.Id, departments,
                DoubleAction: variant && kind is ScriptKind.UnitResolves or ScriptKind.DepartmentReturns,
                DuplicateReport: variant && kind == ScriptKind.DepartmentsResolve,
                MissCityDay: variant && kind == ScriptKind.DeadlinesToCity));
        }

        return scripts;
    }

    private static ScriptKind Draw((ScriptKind Kind, int Weight)[] weights, Random random)
    {
        var ticket = random.Next(weights.Sum(w => w.Weight));
        foreach (var (kind, weight) in weights)
        {
            if (ticket < weight)
            {
                return kind;
            }

            ticket -= weight;
        }

        throw new InvalidOperationException("Unreachable: the ticket is below the total weight.");
    }

    private static List<string> Pick(OrgDirectory directory, string townId, string excluded, Random random, int count) =>
        directory.Departments.Where(d => d.Id != excluded && d.DispatchableBy.Contains(townId))
            .OrderBy(d => d.Id, StringComparer.Ordinal).ToList() is { Count: > 0 } candidates
            ? candidates.OrderBy(_ => random.Next()).Take(count).Select(d => d.Id).ToList()
            : throw new InvalidOperationException($"No department takes dispatches from {townId}.");
}
