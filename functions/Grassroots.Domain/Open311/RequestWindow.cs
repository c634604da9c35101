namespace Grassroots.Domain.Open311;

/// <summary>
/// Which service requests a GeoReport v2 listing covers: requested (captured) between <see cref="From"/> and
/// <see cref="To"/>, at most <see cref="MaxSpan"/> apart, and one page of the first <see cref="MaxRequests"/> of them,
/// newest first. The spec's default is "the most recent 90 days or the first 1000 requests, whichever is smallest".
/// </summary>
public sealed record RequestWindow(DateTimeOffset From, DateTimeOffset To, int Page, int PageSize)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);
    public const int MaxRequests = 1000;

    /// <summary>How many of the newest requests in the range the page needs read.</summary>
    public int Reach => Page * PageSize;

    /// <returns>The window, or the reason the arguments do not make one (the caller answers 400).</returns>
    public static (RequestWindow? Window, string? Error) Of(DateTimeOffset now, DateTimeOffset? start, DateTimeOffset? end, int? page, int? pageSize)
    {
        var to = end ?? (start is { } s && s + MaxSpan < now ? s + MaxSpan : now);
        var from = start ?? to - MaxSpan;
        if (from > to)
        {
            return (null, "start_date must not be after end_date");
        }

        if (to - from > MaxSpan)
        {
            return (null, "start_date and end_date may not span more than 90 days");
        }

        var size = pageSize ?? MaxRequests;
        if (size is < 1 or > MaxRequests)
        {
            return (null, $"page_size must be between 1 and {MaxRequests}");
        }

        var number = page ?? 1;
        if (number < 1 || (long)number * size > MaxRequests)
        {
            return (null, $"page must be at least 1, and page × page_size at most {MaxRequests} (the first {MaxRequests} requests of the range)");
        }

        return (new RequestWindow(from, to, number, size), null);
    }
}
