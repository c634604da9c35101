namespace Grassroots.Domain.Reporting;

/// <summary>
/// Times to close, kept as counts in log-scaled buckets so a period's median and 90th percentile come from a few
/// aggregate rows, never from scanning events. Bucket 0 holds closes within one minute; bucket i (1..Count-2) holds
/// (2^((i-1)/2), 2^(i/2)] minutes, a factor of √2 per bucket; the last bucket holds everything above about 2.8 years.
/// A percentile is reported as the geometric middle of its bucket: at most a factor 2^(1/4) (about 19%) off the exact value.
/// </summary>
public static class CloseTimeHistogram
{
    public const int Count = 48;

    public static int BucketOf(TimeSpan duration)
    {
        var minutes = duration.TotalMinutes;
        if (minutes <= 1)
        {
            return 0;
        }

        // Smallest i with minutes <= 2^(i/2); the epsilon keeps exact bucket edges in the lower bucket despite rounding.
        var index = (int)Math.Ceiling((2 * Math.Log2(minutes)) - 1e-9);
        return Math.Clamp(index, 1, Count - 1);
    }

    /// <summary>The representative duration of a bucket: the geometric middle of its bounds (30 seconds for bucket 0).</summary>
    public static TimeSpan Representative(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, Count);
        return bucket == 0 ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(Math.Pow(2, (bucket - 0.5) / 2));
    }

    /// <summary>The q-quantile (0 &lt; q ≤ 1) by the nearest-rank rule over the bucket counts; null when nothing closed.</summary>
    public static TimeSpan? Quantile(IReadOnlyList<long> counts, double q)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Representative(i);
            }
        }

        return Representative(counts.Count - 1);
    }
}
