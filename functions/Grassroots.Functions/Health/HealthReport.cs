namespace Grassroots.Functions.Health;

public sealed record DependencyCheck(string Status, long DurationMs, string? Detail = null)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not configured";
}

public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, DependencyCheck> Dependencies)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsHealthy => Status == "healthy";
}
