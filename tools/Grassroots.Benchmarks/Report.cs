using System.Globalization;
using System.Text;

namespace Grassroots.Benchmarks;

/// <summary>The benchmark's result table, as Markdown: printed and written to the output file.</summary>
public static class Report
{
    public static string Render(IReadOnlyList<Measurement> results, BenchmarkOptions options, long rowsWritten, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"# Reporting benchmark ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(culture, $"{results.Select(r => r.Events).DefaultIfEmpty().Max():N0} of {options.Events:N0} events loaded, {rowsWritten:N0} projection rows written ({(options.WithMarkers ? "with" : "without")} marker rows), total {elapsed:hh\\:mm\\:ss}; {options.Requests} measured requests per endpoint and size after {options.Warmup} warm-up requests.");
        text.AppendLine("Store work = table requests issued and entities read by the app's table client for one HTTP request (the most of any measured request), caller and directory reads included.");
        text.AppendLine("Ratio = the endpoint's median latency / the median of a bare single-partition page query (50 rows of the city's resolved queue) run alternately against the same Azurite.");
        text.AppendLine("Own-query ratio = the endpoint's median / the median of the endpoint's own main table query (the same partition and key range) issued bare, in the same alternation: what the app adds over the store's floor for that request.");
        text.AppendLine();
        text.AppendLine("| endpoint | events | table requests | entities read | median ms | bare query median ms | ratio | own query median ms | own-query ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(culture, $"| {r.Endpoint} | {r.Events:N0} | {r.Requests} | {r.Entities} | {r.MedianMs:F2} | {r.BareMedianMs:F2} | {r.Ratio:F2} | {r.OwnQueryMedianMs:F2} | {r.OwnQueryRatio:F2} |");
        }

        text.AppendLine();
        foreach (var group in results.GroupBy(r => r.Endpoint))
        {
            var small = group.First();
            var large = group.Last();
            var sameWork = small.Requests == large.Requests && small.Entities <= large.Entities;
            text.AppendLine(culture, $"- {group.Key}: store work {(small.Requests == large.Requests && small.Entities == large.Entities ? "identical" : sameWork ? "same requests, entities differ" : "DIFFERS")} at {small.Events:N0} and {large.Events:N0}; latency ratio at {large.Events:N0}: {large.Ratio:F2} ({(large.Ratio <= 1.5 ? "within" : "ABOVE")} 1.5), to its own query {large.OwnQueryRatio:F2}.");
        }

        return text.ToString();
    }
}
