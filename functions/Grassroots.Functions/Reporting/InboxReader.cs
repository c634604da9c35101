using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Reads what waits for a caller: one query per inbox partition (the caller's nodes, or their department), each one
/// store page of at most <c>scanLimit + 1</c> rows in deadline order. The counts are exact up to the scan limit and
/// flagged as lower bounds beyond it, so the work of a request never grows with the number of events.
/// </summary>
public sealed class InboxReader(GrassrootsTables tables, TimeProvider clock)
{
    public async Task<InboxView> ReadAsync(IReadOnlyList<string> partitions, int pageSize, int scanLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var table = await tables.GetAsync(TableNames.Inbox);
        var reads = partitions.Distinct(StringComparer.Ordinal).Select(async partition =>
        {
            await foreach (var page in table.QueryAsync<InboxRow>(r => r.PartitionKey == partition, maxPerPage: scanLimit + 1, cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: scanLimit + 1))
            {
                return page.Values.ToList();
            }

            return [];
        });
        var perPartition = await Task.WhenAll(reads);
        var now = clock.GetUtcNow();
        var lowerBounds = perPartition.Any(rows => rows.Count > scanLimit);
        var rows = perPartition.SelectMany(r => r.Take(scanLimit)).OrderBy(r => r.DeadlineUtc).ThenBy(r => r.EventId, StringComparer.Ordinal).ToList();
        var items = rows.Take(pageSize).Select(r => new InboxItemView(
            r.EventId, r.Title, r.Category, r.UnitId, r.CapturedAt, r.Tier, r.NodeId, r.Round, r.Action, r.DepartmentId,
            r.DeadlineUtc, (long)Math.Floor((r.DeadlineUtc - now).TotalSeconds), r.DeadlineUtc <= now, r.Overdue)).ToList();
        var counts = new InboxCountsView(
            rows.Count,
            rows.Count(r => r.DeadlineUtc <= now),
            rows.Count(r => r.Action == InboxActions.Review),
            rows.Count(r => r.Action == InboxActions.Acknowledge),
            rows.Count(r => r.Action == InboxActions.Resolve));
        return new InboxView(now, items, counts, lowerBounds);
    }
}

/// <param name="SecondsLeft">Until the deadline at the time of the answer; negative once it has passed.</param>
/// <param name="PastDeadline">The deadline has passed and the decision is still awaited (the escalation acts on it shortly).</param>
/// <param name="Overdue">The event missed an earlier deadline on its way here.</param>
public sealed record InboxItemView(
    string EventId, string Title, string Category, string UnitId, DateTimeOffset CapturedAt, string Tier, string NodeId, int Round,
    string Action, string? DepartmentId, DateTimeOffset DeadlineUtc, long SecondsLeft, bool PastDeadline, bool Overdue);

/// <param name="Waiting">Everything waiting (the badge).</param>
/// <param name="PastDeadline">Of those, the ones whose deadline has passed.</param>
public sealed record InboxCountsView(int Waiting, int PastDeadline, int Review, int Acknowledge, int Resolve);

/// <param name="CountsAreLowerBounds">True when a partition held more rows than one request reads: the counts are at least these.</param>
public sealed record InboxView(DateTimeOffset At, IReadOnlyList<InboxItemView> Items, InboxCountsView Counts, bool CountsAreLowerBounds);
