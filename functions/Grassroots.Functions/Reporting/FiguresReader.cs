using Azure.Data.Tables;
using Grassroots.Domain.Reporting;
using Grassroots.Domain;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// A node's figures over a period: one range query over its day rows (at most <see cref="ReportingPeriod.MaxDays"/>)
/// and one point read of its "now" row. The work depends on the period's length, never on the number of events.
/// </summary>
public sealed class FiguresReader(GrassrootsTables tables)
{
    private static readonly Tier[] Tiers = Enum.GetValues<Tier>();

    public async Task<StatsView> ReadAsync(string nodeId, ReportingPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var sums = await SumDaysAsync(nodeId, period, cancellationToken);
        var table = await tables.GetAsync(TableNames.NodeFigures);
        var now = await table.GetEntityIfExistsAsync<TableEntity>(nodeId, FigureNames.NowRow, cancellationToken: cancellationToken);
        long Sum(string name) => sums.GetValueOrDefault(name);

        var captured = Sum(FigureNames.Captured);
        var closed = Sum(FigureNames.Closed);
        var fixedCount = Sum(FigureNames.Fixed);
        var histogram = Enumerable.Range(0, CloseTimeHistogram.Count).Select(i => Sum(FigureNames.Histogram(i))).ToList();
        var byTier = Tiers.ToDictionary(t => t.ToWireName(), t => new TierShareView(Sum(FigureNames.ClosedAt(t)), Ratio(Sum(FigureNames.ClosedAt(t)), closed)));
        var grassroots = Tiers.Where(t => t.IsGrassroots()).Sum(t => Sum(FigureNames.ClosedAt(t)));
        return new StatsView(
            nodeId, ReportingPeriod.DayKey(period.From), ReportingPeriod.DayKey(period.To),
            captured, closed, fixedCount, Ratio(closed, captured), Ratio(fixedCount, captured),
            byTier, Ratio(grassroots, closed),
            Minutes(CloseTimeHistogram.Quantile(histogram, 0.5)), Minutes(CloseTimeHistogram.Quantile(histogram, 0.9)),
            Tiers.ToDictionary(t => t.ToWireName(), t => Sum(FigureNames.Breaches(t))),
            now.HasValue ? now.Value!.GetInt64(FigureNames.Open) ?? 0 : 0,
            now.HasValue ? now.Value!.GetInt64(FigureNames.Overdue) ?? 0 : 0,
            FollowUpFiguresView.Of(Sum(FigureNames.FollowUps), Sum(FigureNames.Answered), Sum(FigureNames.Satisfied), Sum(FigureNames.Reopened)),
            Tiers.ToDictionary(t => t.ToWireName(), t => FollowUpFiguresView.Of(
                Sum(FigureNames.ByTier(FigureNames.FollowUps, t)), Sum(FigureNames.ByTier(FigureNames.Answered, t)),
                Sum(FigureNames.ByTier(FigureNames.Satisfied, t)), Sum(FigureNames.ByTier(FigureNames.Reopened, t)))));
    }

    /// <summary>Every counter of the node's day rows in the period, added up.</summary>
    public async Task<Dictionary<string, long>> SumDaysAsync(string nodeId, ReportingPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var table = await tables.GetAsync(TableNames.NodeFigures);
        var from = FigureNames.DayRow(period.From);
        var to = FigureNames.DayRow(period.To);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {nodeId} and RowKey ge {from} and RowKey le {to}");
        await foreach (var day in table.QueryAsync<TableEntity>(filter, maxPerPage: ReportingPeriod.MaxDays, cancellationToken: cancellationToken))
        {
            foreach (var (name, value) in day)
            {
                if (value is long number)
                {
                    sums[name] = sums.GetValueOrDefault(name) + number;
                }
            }
        }

        return sums;
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static double? Minutes(TimeSpan? duration) => duration is { } d ? Math.Round(d.TotalMinutes, 1) : null;
}
