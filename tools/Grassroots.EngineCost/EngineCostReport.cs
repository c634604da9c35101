using System.Globalization;
using System.Text;

namespace Grassroots.EngineCost;

/// <summary>The engine-cost figures as Markdown, one section per figure.</summary>
public static class EngineCostReport
{
    public static string Markdown(int events, StorageCount idlePerSecond, StorageCount perRead, IReadOnlyList<(string Name, StorageCount PerEvent, double Seconds, int Reads)> results)
    {
        ArgumentNullException.ThrowIfNull(idlePerSecond);
        ArgumentNullException.ThrowIfNull(perRead);
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        Line("## Storage requests per event");
        Line();
        Line($"{events} events per path, each person acting as soon as the event reaches them. Every request to Azurite is counted by a proxy in front of it " +
             $"(app tables and the durable engine's tables, queues and blobs). Taken out: the idle engine's and timers' {N(idlePerSecond.Total)} requests/s " +
             $"over each run's length, and {N(perRead.Total)} requests for each read the actors made to see their turn.");
        Line();
        Line("| path | storage requests per event | durable engine | app tables | account | run (s) | actor reads taken out |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var (name, perEvent, seconds, reads) in results)
        {
            Line($"| {name} | **{N(perEvent.Total)}** | {N(perEvent.Of(StorageOwner.Engine))} | {N(perEvent.Of(StorageOwner.App))} | {N(perEvent.Of(StorageOwner.Account))} | {seconds:0} | {reads} |");
        }

        foreach (var (name, perEvent, _, _) in results)
        {
            Line();
            Line($"### {name}: by resource");
            Line();
            Line("| service | resource | owner | requests per event |");
            Line("|---|---|---|---|");
            foreach (var (resource, count) in perEvent.PerResource.Where(p => p.Value >= 0.05).OrderByDescending(p => p.Value))
            {
                Line($"| {resource.Service} | {resource.Name} | {resource.Owner} | {N(count)} |");
            }
        }

        return text.ToString();
    }

    public static string Document(IReadOnlyList<string> sections, IReadOnlyList<string> loadAverages, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(loadAverages);
        return $"# Engine cost\n\nLoad average (1, 5, 15 min) at the start and before the timed sections: {string.Join("; ", loadAverages)}. " +
               $"The run took {took.TotalMinutes:0.0} min.\n\n" + string.Join("\n", sections);
    }

    public static string Intake(IntakeFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        string R(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        Line("## Intake against the store's limit");
        Line();
        Line($"{figures.Clients} concurrent clients capturing events (POST /api/events) as fast as they are answered, {figures.Latency.Count} captures counted. " +
             $"The store's limit for intake is the raw single-entity insert rate of the same Azurite at the same concurrency (Azure.Data.Tables, " +
             $"`AddEntityAsync`, one new partition per insert) divided by intake's own writes per event: the write requests the proxy saw while one " +
             $"capture was in flight (the median of 12 captures made one at a time). The raw rate is measured both through the counting proxy, which " +
             $"intake's requests cross too (the ratio that counts), and straight to Azurite.");
        Line();
        Line("| figure | value |");
        Line("|---|---|");
        Line($"| intake, events/s | **{N(figures.EventsPerSecond)}** |");
        Line($"| intake latency p50 / p99 | {Latencies.Ms(figures.Latency.Percentile(50))} / {Latencies.Ms(figures.Latency.Percentile(99))} |");
        Line($"| intake's writes per event | {figures.WritesPerEvent:0.#} |");
        Line($"| raw inserts/s through the proxy / straight | {figures.RawProxiedPerSecond:0} / {figures.RawDirectPerSecond:0} |");
        Line($"| store's limit for intake, events/s (through the proxy / straight) | {N(figures.RawProxiedPerSecond / figures.WritesPerEvent)} / {N(figures.RawDirectPerSecond / figures.WritesPerEvent)} |");
        Line($"| **ratio** (through the proxy / straight) | **{R(figures.Ratio(figures.RawProxiedPerSecond))}** / {R(figures.Ratio(figures.RawDirectPerSecond))} |");
        Line($"| all storage requests/s while intake ran (intake's and the escalations' it started) | {figures.StorageRequestsPerSecond:0} |");
        Line($"| the store's CPU while intake ran (share of its one thread) | {figures.StoreBusyShare * 100:0}% |");
        Line($"| intake's own requests per event (reads and writes, the median capture) | {figures.RequestsPerEvent:0.#} |");
        Line($"| storage requests per event captured while intake ran (intake's and its escalations') | {N(figures.StoreRequestsPerCapturedEvent)} |");
        Line($"| the store's requests/s with its thread always busy, at this mix | {figures.StoreCapacityPerSecond:0} |");
        Line($"| what the requests per captured event could be at most for a ratio of 0.6 (through the proxy) | {N(figures.AffordableRequestsPerEventAt(0.6, figures.RawProxiedPerSecond))} |");
        Line();
        Line("Azurite answers every request on one thread. When that thread is full while intake runs, intake's rate is the store's requests/s over " +
             "the requests each captured event brings with it, intake's own and the first steps of the escalation it starts (its arrival, its review " +
             "request and notice, its deadline's timer): the ratio rises only as those fall, or with a store that has more than one thread to give.");
        Line();
        Line("Intake's writes by resource (the median capture):");
        Line();
        Line("| service | resource | owner | writes |");
        Line("|---|---|---|---|");
        foreach (var (resource, count) in figures.WritesByResource.OrderByDescending(p => p.Value))
        {
            Line($"| {resource.Service} | {resource.Name} | {resource.Owner} | {count:0} |");
        }

        return text.ToString();
    }

    public static string Latency(LatencyFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return "## Review to next tier\n\n" +
               $"{figures.Visible.Count} events captured one after another; once each awaits its unit head, the head escalates it. Measured from the " +
               "202 of the `escalate` to the grid's `review-requested` step: **visible** is when a reader first sees the step on GET /api/events/{id} " +
               "(polled every 50 ms), what a grid worker waits for; **recorded** is the step's own time, the orchestration's clock when it wrote the " +
               "step, which leaves out the read model's own delay.\n\n" +
               "| latency | p50 | p99 | max |\n|---|---|---|---|\n" +
               $"| visible | **{Latencies.Ms(figures.Visible.Percentile(50))}** | **{Latencies.Ms(figures.Visible.Percentile(99))}** | {Latencies.Ms(figures.Visible.Max)} |\n" +
               $"| recorded | {Latencies.Ms(figures.Recorded.Percentile(50))} | {Latencies.Ms(figures.Recorded.Percentile(99))} | {Latencies.Ms(figures.Recorded.Max)} |\n";
    }

    public static string Cycles(CycleFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        string R(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        return "## Tier cycles against a bare orchestration\n\n" +
               $"{figures.Instances} events nobody reviews, climbing from the unit to the city on {figures.Period.TotalSeconds:0}-second deadlines: each tier cycle " +
               "is review requested, deadline missed, review requested at the next tier (five per event). The app's rate is the cycles over the span from " +
               "the first `review-requested` at a unit to the last at the city (the timeline's times). Beside it, as many bare orchestrations on the " +
               $"same engine as those events (host B), each doing {figures.Cycles} cycles of one {figures.Period.TotalSeconds:0}-second timer " +
               "and one trivial activity, continuing as new after each (as the escalation does at each tier); their rate is counted from the first " +
               "start to the last activity (a span shorter than the ideal means the engine let timers fire a little early).\n\n" +
               "| | cycles/s | span |\n|---|---|---|\n" +
               $"| app (tier cycles, {figures.AppFinished} of {figures.Instances} events reached the city) | {R(figures.AppPerSecond)} | {figures.AppSpan.TotalSeconds:0} s |\n" +
               $"| bare orchestration (timer + activity) | {R(figures.BarePerSecond)} | {figures.BareSpan.TotalSeconds:0} s |\n" +
               $"| ideal (every timer on time, no work) | {R(figures.IdealPerSecond)} | {figures.Period.TotalSeconds * figures.Cycles:0} s |\n" +
               $"| **ratio app / bare** | **{R(figures.Ratio)}** | |\n";
    }

    public static string Timers(TimerFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return "## Timers falling due together\n\n" +
               $"{figures.Timers} bare orchestrations started ({figures.ScheduledIn.TotalSeconds:0} s to schedule them all), each with one durable timer due at " +
               $"the same instant {figures.Lead.TotalSeconds:0} s after the first start, then one activity that notes the wall-clock time it ran. Lateness " +
               "is that time minus the due time (the orchestration's own clock after a timer says the due time whatever the delay, so it is not used). " +
               $"{figures.Ran} of {figures.Timers} ran within 8 minutes of the due time." +
               (figures.ScheduledIn > figures.Lead ? " **Scheduling took longer than the lead: the last instances set their timers after the due time, and their lateness includes that.**" : "") + "\n\n" +
               "| lateness | p50 | p99 | max |\n|---|---|---|---|\n" +
               $"| timer to its continuation | **{Latencies.Ms(figures.Lateness.Percentile(50))}** | **{Latencies.Ms(figures.Lateness.Percentile(99))}** | {Latencies.Ms(figures.Lateness.Max)} |\n";
    }

    public static string Store(IReadOnlyList<StoreStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var rows = string.Concat(steps.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"| {s.Rows:N0} | {s.InsertSameRowKey:0.00} | {s.InsertDistinctRowKey:0.00} | {s.ReadSameRowKey:0.00} | {s.ReadDistinctRowKey:0.00} | {s.QueryByPartition:0.00} |\n")));
        return "## The local store's time per request against the size of the table\n\n" +
               "One table whose rows all share RowKey \"\" (as intake's key and token rows and the engine's instance rows do) and one with a distinct RowKey per " +
               "row, filled to each size; then 100 requests of each kind, one at a time, against the same Azurite. A partition query is what every history and " +
               "timeline read is. Azurite matches a point request on RowKey first and filters the partition by a scan of what matched, and answers a query " +
               "by testing every row of the table, so those costs grow with the table, not with the answer; Azure Table Storage indexes both keys.\n\n" +
               "| rows | insert, RowKey shared (ms) | insert, distinct | read, RowKey shared | read, distinct | partition query |\n|---|---|---|---|---|---|\n" + rows;
    }
}
