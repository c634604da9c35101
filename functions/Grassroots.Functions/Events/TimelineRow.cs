using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Events;

/// <summary>
/// One append-only step of an event's trace (留痕). PartitionKey = event id, RowKey = "t-" + zero-padded sequence,
/// so replays and retries write the same key and can never duplicate or reorder a step.
/// </summary>
public sealed class TimelineRow : ITableEntity
{
    public const string RowKeyPrefix = "t-";
    /// <summary>The first key after every timeline key ('.' follows '-').</summary>
    public const string RowKeyEnd = "t.";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string? Tier { get; set; }
    public string? NodeId { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? DeadlineUtc { get; set; }

    /// <summary>The accepted review or report this step records (see <see cref="AcceptedDecisions"/>); not shown to anyone.</summary>
    public string? SubmissionId { get; set; }

    public static string KeyFor(int sequence) => RowKeyPrefix + sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
