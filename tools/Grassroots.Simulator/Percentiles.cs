namespace Grassroots.Simulator;

/// <summary>Nearest-rank percentiles and a fixed-bin histogram, for the report's distributions.</summary>
public static class Percentiles
{
    public static double? Of(IReadOnlyList<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Counts per bin [edge[i], edge[i+1]); the last bin takes everything from the last edge on.</summary>
    public static IReadOnlyList<(string Label, int Count)> Histogram(IReadOnlyList<double> values, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(edges);
        var bins = new List<(string, int)>();
        for (var i = 0; i < edges.Count; i++)
        {
            var from = edges[i];
            var to = i + 1 < edges.Count ? edges[i + 1] : double.PositiveInfinity;
            var label = double.IsPositiveInfinity(to) ? $"≥ {from:0.##}" : $"{from:0.##}–{to:0.##}";
            bins.Add((label, values.Count(v => v >= from && v < to)));
        }

        return bins;
    }
}
