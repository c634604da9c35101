using System.Globalization;
using System.Text;

namespace Grassroots.EngineCost;

/// <summary>The engine-cost figures as Markdown: per event, split by owner, then by resource.</summary>
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
        Line("# Engine cost: storage requests per event");
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
            Line($"## {name}: by resource");
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
}
