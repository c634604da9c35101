namespace Grassroots.Functions.Health;

public sealed record DependencyCheck(string Status, long DurationMs, string? Detail = null)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not configured";
}

/// <summary>Events whose escalation the watchdog found broken and has not yet seen running again.</summary>
public sealed record RepairCheck(int EventsUnderRepair, DateTimeOffset? OldestSince, TimeSpan DegradedAfter);

/// <param name="Status">healthy; degraded (still serving, but events have been under repair longer than allowed); unhealthy (a dependency is down: 503).</param>
public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, DependencyCheck> Dependencies, RepairCheck? Repairs = null)
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsHealthy => Status != Unhealthy;
}
