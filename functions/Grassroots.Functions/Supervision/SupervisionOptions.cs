namespace Grassroots.Functions.Supervision;

/// <summary>Settings under <c>Grassroots:Supervision</c>: how long events may stay under repair before health says degraded,
/// and how long the durable engine keeps the history of a finished escalation.</summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "Grassroots:Supervision";

    /// <summary>Events under repair for longer than this turn <c>/api/health</c> degraded: the watchdog cannot bring them back.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RepairDegradedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A finished escalation's history in the task hub is purged once its start lies this far back. The event's own
    /// timeline (app tables) is the record and is never purged; the engine's copy only helps debugging, and a task hub
    /// that keeps every history grows without bound (and every history read on the local emulator scans it all).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan EngineHistoryRetention { get; set; } = TimeSpan.FromDays(7);
}
