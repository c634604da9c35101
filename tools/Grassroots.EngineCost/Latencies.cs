using System.Globalization;

namespace Grassroots.EngineCost;

/// <summary>A sample of durations, summarised the way the report states them (nearest-rank percentiles).</summary>
public sealed class Latencies(IEnumerable<TimeSpan> sample)
{
    private readonly TimeSpan[] sorted = [.. sample.Order()];

    public int Count => sorted.Length;

    public TimeSpan Percentile(double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public TimeSpan Max => sorted.Length == 0 ? TimeSpan.Zero : sorted[^1];

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
