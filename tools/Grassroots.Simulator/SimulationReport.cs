using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.EngineCost;

namespace Grassroots.Simulator;

/// <summary>The run's figures as Markdown: the article's table for each rule, breaches, time to close, engine cost.</summary>
public static class SimulationReport
{
    private static readonly double[] DayEdges = [0, 0.25, 0.5, 1, 2, 3, 5, 7, 10];

    public static string Markdown(SimulationSettings settings, CityShape shape, IReadOnlyList<EventPlan> plans, double tailDays, IReadOnlyList<RuleResult> results, string machine)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        static string P(double? share) => share is { } s ? (s * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "–";
        static string N(double? value, string format = "0.00") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

        Line("# A simulated year through the real pipeline");
        Line();
        Line($"Seed {settings.Seed}; city {shape.Nodes:N0} nodes ({shape.Districts} districts, {shape.Towns} towns/streets, {shape.Communities:N0} communities, " +
             $"{shape.Grids:N0} grids, {shape.Units:N0} units) and {shape.Departments} departments; {plans.Count:N0} reports over {settings.Days:0.##} simulated days " +
             $"({settings.EventsPerDay:0.#} a day); one simulated day = {settings.DaySeconds:0.##} s; the year's end {tailDays:0.00} days after the last report day. {machine}");
        Line();
        Line("## The article's table");
        Line();
        Line("| figure | article | " + string.Join(" | ", results.Select(r => r.Rule)) + " |");
        Line("|---|---|" + string.Concat(results.Select(_ => "---|")));
        Line("| captured | 514,400 | " + string.Join(" | ", results.Select(r => Long(r.Stats, "captured").ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| closed | 510,700 | " + string.Join(" | ", results.Select(r => Long(r.Stats, "closed").ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| closure rate | 99.28% | " + string.Join(" | ", results.Select(r => P(Double(r.Stats, "closureRate")))) + " |");
        Line("| solved at the unit | ~60% | " + string.Join(" | ", results.Select(r => P(Double(r.Stats["resolvedAtTier"]?["unit"], "share")))) + " |");
        Line("| solved at the grassroots (unit, grid, community) | >90% | " + string.Join(" | ", results.Select(r => P(Double(r.Stats, "grassrootsShare")))) + " |");
        Line("| captured, as the actors counted | | " + string.Join(" | ", results.Select(r => r.Records.Count(e => e.EventId is not null).ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| closed, as the actors last saw them | | " + string.Join(" | ", results.Select(r => r.Records.Count(e => e.ClosedDay is not null).ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| open at the year's end | 3,700 | " + string.Join(" | ", results.Select(r => Long(r.Stats, "openNow").ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line();
        Line("From `GET /api/stats` for the city over the run's local days, read at the year's end. The predicted column of the calibration below assumes every deadline kept to the second.");
        Line();
        Line("### Calibration: predicted from the plan vs measured");
        Line();
        Line("| rule | predicted closure | measured | predicted at the unit | measured | predicted grassroots | measured |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var predictions = plans.Select(p => (Plan: p, Path: PathPrediction.For(p, r.WindowDays))).ToList();
            var closedBy = predictions.Where(p => p.Path.DaysToClose is { } d && p.Plan.CaptureDay + d <= r.YearEndDay).ToList();
            double Share(Func<Tier, bool> where) => closedBy.Count == 0 ? 0 : (double)closedBy.Count(p => p.Path.SettledAt is { } t && where(t)) / closedBy.Count;
            Line($"| {r.Rule} | {P((double)closedBy.Count / plans.Count)} | {P(Double(r.Stats, "closureRate"))} | {P(Share(t => t == Tier.Unit))} | {P(Double(r.Stats["resolvedAtTier"]?["unit"], "share"))} | " +
                 $"{P(Share(t => t <= Tier.Community))} | {P(Double(r.Stats, "grassrootsShare"))} |");
        }

        Line();
        Line("## Missed deadlines per tier");
        Line();
        Line("| tier | " + string.Join(" | ", results.Select(r => $"{r.Rule}: app | actors meant | refused decisions | beyond the plan")) + " |");
        Line("|---|" + string.Concat(results.Select(_ => "---|---|---|---|")));
        foreach (var tier in Enum.GetValues<Tier>().Order())
        {
            Line($"| {tier.ToWireName()} | " + string.Join(" | ", results.Select(r =>
            {
                var (app, meant, refused) = Breaches(r, tier);
                return $"{app} | {meant} | {refused} | {Math.Max(0, app - meant - refused)}";
            })) + " |");
        }

        Line();
        Line("\"app\": `breachesByTier` of `GET /api/stats`; \"actors meant\": tiers whose person, by plan, did not act before the deadline (city: acted late or never, the event waiting there overdue); " +
             "\"refused\": decisions the app turned down (409) because the round had moved on: the person's notice came so late that the deadline passed first; " +
             "\"beyond the plan\": the rest, which no person meant: decisions accepted (202) in time that lost the race to their deadline's timer in a lagging " +
             "engine, or a department's deadline (departments, by plan, act within theirs). With no action late and none refused, read them as the run's " +
             "open question, not as lag.");
        Line();
        Line("## Time to close (simulated days, capture to close, events closed by the year's end)");
        Line();
        Line("| rule | closed | p50 | p90 | p99 | app's median (min → days) | app's p90 |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var days = Closed(r);
            var dayMinutes = settings.DaySeconds / 60;
            Line($"| {r.Rule} | {days.Count:N0} | {N(Percentiles.Of(days, 50))} | {N(Percentiles.Of(days, 90))} | {N(Percentiles.Of(days, 99))} | " +
                 $"{N(Double(r.Stats, "medianMinutesToClose") / dayMinutes)} | {N(Double(r.Stats, "p90MinutesToClose") / dayMinutes)} |");
        }

        Line();
        Line("| days to close | " + string.Join(" | ", results.Select(r => r.Rule)) + " |");
        Line("|---|" + string.Concat(results.Select(_ => "---|")));
        var histograms = results.Select(r => Percentiles.Histogram(Closed(r), DayEdges)).ToList();
        for (var i = 0; i < DayEdges.Length; i++)
        {
            Line($"| {histograms[0][i].Label} | " + string.Join(" | ", histograms.Select(h => h[i].Count.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        }

        Line();
        Line("## Engine cost and throughput of the run");
        Line();
        Line("| rule | storage requests | per event | engine | app | events/s | tier cycles/s | review → next tier p50 / p99 (s) | actions late (share, p99 s) | import |");
        Line("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var captured = Math.Max(1, r.Records.Count(e => e.EventId is not null));
            var hops = r.Records.SelectMany(e => e.HopSeconds).ToList();
            var lags = r.Records.SelectMany(e => e.LagSeconds).ToList();
            var actions = Math.Max(1, r.Records.Sum(e => e.TierCycles));
            var lateShare = (double)lags.Count(l => l > settings.DaySeconds * 0.05) / actions;
            Line($"| {r.Rule} | {r.Storage.Total:N0} | {N(r.Storage.Total / captured, "0")} | {N(r.Storage.Of(StorageOwner.Engine) / captured, "0")} | {N(r.Storage.Of(StorageOwner.App) / captured, "0")} | " +
                 $"{N(captured / r.RunSeconds)} | {N(r.Records.Sum(e => e.TierCycles) / r.RunSeconds)} | {N(Percentiles.Of(hops, 50), "0.0")} / {N(Percentiles.Of(hops, 99), "0.0")} | " +
                 $"{P(lateShare)}, {N(Percentiles.Of(lags, 99), "0.0")} | {r.Imports} imports, {r.ImportBytes / 1e6:0.0} MB in {r.ImportSeconds:0} s |");
        }

        Line();
        Line("Storage requests are everything the proxy in front of Azurite counted from the first report to the year's end, divided by the events captured; the " +
             "actors read no event (they act on the notifications the app sends), so these are the pipeline's own. \"Actions late\": a person's notice came more than 5% " +
             "of a day after the moment they meant to act; those are what can turn a kept deadline into a missed one.");
        foreach (var r in results)
        {
            var captured = Math.Max(1, r.Records.Count(e => e.EventId is not null));
            Line();
            Line($"Where the storage requests of the {r.Rule} went (per event captured, the twelve largest):");
            Line();
            Line("| service | resource | owner | requests per event |");
            Line("|---|---|---|---|");
            foreach (var (resource, count) in r.Storage.PerResource.OrderByDescending(p => p.Value).Take(12))
            {
                Line($"| {resource.Service} | {resource.Name} | {resource.Owner} | {N(count / captured, "0.0")} |");
            }
        }
        CpuSection(results, Line, N);
        return text.ToString();
    }

    /// <summary>
    /// The CPU each report cost and the reports that cost leaves room for in the issue's 30 minutes: the figure that says
    /// whether a larger default run can fit this machine at all, whatever its rate.
    /// </summary>
    private static void CpuSection(IReadOnlyList<RuleResult> results, Action<string> line, Func<double?, string, string> n)
    {
        var budget = TimeSpan.FromMinutes(30);
        var cores = Environment.ProcessorCount;
        line("");
        line("## CPU per report: what fits in 30 minutes");
        line("");
        line($"| rule | reports | store CPU (s) | simulator process CPU (s) | store CPU per storage request (ms) | CPU per report, store / process / both (s) | reports in 30 min: the store's one thread / all {cores} cores |");
        line("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var c = r.Cpu;
            line($"| {r.Rule} | {c.Reports:N0} | {n(c.StoreSeconds, "0")} | {n(c.ProcessSeconds, "0")} | {n(c.StoreMillisecondsPerRequest, "0.00")} | " +
                 $"{n(c.StorePerReport, "0.00")} / {n(c.ProcessPerReport, "0.00")} / {n(c.PerReport, "0.00")} | {n(c.ReportsTheStoreCarries(budget), "N0")} / {n(c.ReportsTheMachineCarries(budget, cores), "N0")} |");
        }

        var all = new CpuBudget(results.Sum(r => r.Cpu.StoreSeconds), results.Sum(r => r.Cpu.ProcessSeconds), results.Sum(r => r.Cpu.Reports), results.Sum(r => r.Cpu.StorageRequests));
        line("");
        line($"CPU seconds from the first report to the year's end: the store is the Azurite process, which answers every request on one thread; the simulator's " +
             $"process is the Functions host with its durable engine, the Service Bus broker, the counting proxy and the simulated people. \"Reports in 30 " +
             $"min\" is what that CPU leaves room for with every thread busy all the time and nothing else running (no import, no year's-end tail), so it " +
             $"is an upper bound. Over this run's rules, 5,000 reports would take {n(5000 * all.StorePerReport / 60, "0")} minutes of the store's one thread " +
             $"and {n(5000 * all.PerReport / 60, "0")} CPU-minutes in all, against 30 and {30 * cores} in 30 minutes on {cores} cores.");
    }

    private static (long App, int Meant, int Refused) Breaches(RuleResult r, Tier tier) =>
        (Long(r.Stats["breachesByTier"], tier.ToWireName()), r.Records.Sum(e => e.IntendedMisses.Count(t => t == tier)), r.Records.Sum(e => e.Refused.Count(x => x.Tier == tier)));

    private static List<double> Closed(RuleResult r) =>
        [.. r.Records.Where(e => e.ClosedDay is { } c && e.CapturedDay is not null && c <= r.YearEndDay).Select(e => e.ClosedDay!.Value - e.CapturedDay!.Value)];

    private static long Long(JsonNode? node, string name) => node?[name]?.GetValue<long>() ?? 0;

    private static double? Double(JsonNode? node, string name) => node?[name] is JsonValue v ? v.GetValue<double>() : null;
}
