using Grassroots.Functions.Events;

namespace Grassroots.Functions.Status;

/// <summary>What a resident sees: progress and outcome, without the staff's names and contacts.</summary>
public sealed record ResidentView(
    string EventId, string Status, string Category, string Title, string CurrentTier, DateTimeOffset? DeadlineUtc,
    string? Outcome, string? Resolution, DateTimeOffset? ClosedAt, string? ReporterPhone, IReadOnlyList<ResidentStep> Steps, FollowUpView? FollowUp)
{
    public static ResidentView From(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var row = stored.Row;
        return new ResidentView(
            row.PartitionKey, row.Status, row.Category, row.Title, row.CurrentTier, row.DeadlineUtc, row.Outcome, row.Resolution, row.ClosedAt,
            PhoneMask.Mask(row.ReporterPhone),
            stored.Timeline.OrderBy(t => t.Sequence).Select(t => new ResidentStep(t.At, t.Kind, t.Tier)).ToList(),
            FollowUpView.Of(row));
    }
}

public sealed record ResidentStep(DateTimeOffset At, string Kind, string? Tier);
