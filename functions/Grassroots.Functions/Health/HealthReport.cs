namespace Grassroots.Functions.Health;

public sealed record DependencyCheck(string Status, long DurationMs, string? Detail = null)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not configured";
}

/// <summary>
/// Work that waits for the pipeline to catch up (notices in the outbox). <see cref="Depth"/> is exact up to the read's
/// bound; <see cref="DepthIsLowerBound"/> says more are waiting. <see cref="WaitingSince"/>: the oldest item seen.
/// </summary>
public sealed record BacklogCheck(string Status, int Depth, bool DepthIsLowerBound, DateTimeOffset? WaitingSince, TimeSpan DegradedAfter, string? Detail = null)
{
    public const string Clear = "clear";
    public const string Waiting = "waiting";
    /// <summary>Non-empty for longer than <see cref="DegradedAfter"/>.</summary>
    public const string Stale = "stale";
    public const string Unknown = "unknown";
}

/// <summary>Events whose escalation the watchdog found broken and has not yet seen running again.</summary>
public sealed record RepairCheck(int EventsUnderRepair, DateTimeOffset? OldestSince, TimeSpan DegradedAfter);

/// <param name="Status">healthy; degraded (still serving, but notices or repairs have waited longer than allowed); unhealthy (a dependency is down: 503).</param>
public sealed record HealthReport(
    string Status, string Version, IReadOnlyDictionary<string, DependencyCheck> Dependencies, IReadOnlyDictionary<string, BacklogCheck> Backlogs,
    RepairCheck? Repairs = null)
{
    public const string Healthy = "healthy";
    /// <summary>Every dependency answers, but work has waited too long: 200, so probes don't recycle a working app.</summary>
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsHealthy => Status == Healthy;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsServing => Status != Unhealthy;
}
