using System.ComponentModel.DataAnnotations;

namespace Grassroots.Functions.Notifications;

/// <summary>The notification outbox, under <c>Grassroots:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Grassroots:Outbox";

    /// <summary>
    /// How long one send may take, the client's own retries included, before the notice goes to the outbox: an
    /// activity that waits out a broker outage would hold the escalation's clocks hostage.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Health turns <c>degraded</c> once a notice has waited in the outbox longer than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rows read per page by the drain; it goes on page by page until the outbox is done or the broker fails it.</summary>
    [Range(1, 1000)]
    public int DrainPageSize { get; set; } = 100;
}
