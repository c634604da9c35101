using System.Globalization;

namespace Grassroots.Benchmarks;

/// <summary>Command line: --events N --first N --also N,N --requests N --warmup N --flush-every N --parallel N --with-markers --out FILE.</summary>
public sealed record BenchmarkOptions(int Events, int FirstCheckpoint, IReadOnlyList<int> Checkpoints, int Requests, int Warmup, int FlushEvery, int Parallelism, bool WithMarkers, string Output)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var events = Number("--events", 500_000);
        var first = Math.Min(Number("--first", 5_000), events);
        var also = (Value("--also") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture));
        return new BenchmarkOptions(
            events,
            first,
            also.Append(first).Append(events).Where(n => n <= events).Distinct().Order().ToList(),
            Number("--requests", 10),
            Number("--warmup", 2),
            Number("--flush-every", 25_000),
            Number("--parallel", 8),
            args.Contains("--with-markers"),
            Value("--out") ?? "reporting-benchmark.md");
    }
}

/// <summary>
/// One endpoint at one size: store work per request (the most any measured request did) and median latencies of the
/// endpoint, of the fixed bare page query, and of the endpoint's own main query issued bare.
/// </summary>
public sealed record Measurement(string Endpoint, int Events, long Requests, long Entities, double MedianMs, double BareMedianMs, double OwnQueryMedianMs)
{
    public double Ratio => MedianMs / BareMedianMs;

    public double OwnQueryRatio => MedianMs / OwnQueryMedianMs;
}
