namespace Grassroots.Functions.Supervision;

/// <summary>Settings under <c>Grassroots:Supervision</c>: how long events may stay under repair before health says degraded.</summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "Grassroots:Supervision";

    /// <summary>Events under repair for longer than this turn <c>/api/health</c> degraded: the watchdog cannot bring them back.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RepairDegradedAfter { get; set; } = TimeSpan.FromMinutes(15);
}
