using Azure.Data.Tables;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// The people's month under one node: one partition of PeopleMonthly, as many rows as people who earned points or
/// breaches there that month (bounded by the directory, not by the number of events).
/// </summary>
public sealed class PeopleMonthReader(GrassrootsTables tables)
{
    /// <summary>Everyone who scored or was charged under the node in the month, at any tier.</summary>
    public Task<IReadOnlyList<TableEntity>> ReadAsync(string nodeId, ScoringMonth month, CancellationToken cancellationToken) =>
        ReadRangeAsync(nodeId, month, PeopleNames.PersonPrefix, PeopleNames.PersonEnd, cancellationToken);

    /// <summary>Only the unit heads' rows: what an honour roll ranks.</summary>
    public Task<IReadOnlyList<TableEntity>> ReadUnitHeadsAsync(string nodeId, ScoringMonth month, CancellationToken cancellationToken) =>
        ReadRangeAsync(nodeId, month, PeopleNames.UnitHeadsStart, PeopleNames.UnitHeadsEnd, cancellationToken);

    private async Task<IReadOnlyList<TableEntity>> ReadRangeAsync(string nodeId, ScoringMonth month, string from, string until, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.PeopleMonthly);
        var partition = PeopleNames.Partition(nodeId, month);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {until}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static HonourRollView HonourRoll(string nodeId, ScoringMonth month, IReadOnlyList<TableEntity> rows, int minimumEvents)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var heads = rows
            .Where(r => r.GetString(PeopleNames.Tier) == "unit")
            .Select(r => new UnitHeadMonth(
                PeopleNames.PersonIdOf(r.RowKey),
                r.GetString(PeopleNames.PersonName) ?? "",
                r.GetString(PeopleNames.NodeId) ?? "",
                (int)(r.GetInt64(PeopleNames.Points) ?? 0),
                (int)(r.GetInt64(PeopleNames.Events) ?? 0)))
            .ToList();
        var ranked = Domain.Reporting.HonourRoll.Rank(heads, minimumEvents);
        var followUps = rows.Where(r => r.GetString(PeopleNames.Tier) == "unit").GroupBy(r => PeopleNames.PersonIdOf(r.RowKey)).Select(g => g.First()).ToDictionary(r => PeopleNames.PersonIdOf(r.RowKey), r => FollowUpFiguresView.Of(
            r.GetInt64(PeopleNames.FollowUps) ?? 0, r.GetInt64(PeopleNames.Answered) ?? 0, r.GetInt64(PeopleNames.Satisfied) ?? 0, r.GetInt64(PeopleNames.Reopened) ?? 0));
        return new HonourRollView(nodeId, month.ToString(), minimumEvents,
            ranked.Select(p => new HonourRollEntryView(p.Rank, p.Head.PersonId, p.Head.PersonName, p.Head.UnitId, p.Head.Points, p.Head.Events, followUps[p.Head.PersonId])).ToList(),
            heads.Count - ranked.Count);
    }

    public static IReadOnlyList<PersonBreachCountView> Breaches(IReadOnlyList<TableEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows
            .Where(r => (r.GetInt64(PeopleNames.Breaches) ?? 0) > 0)
            .Select(r => new PersonBreachCountView(
                PeopleNames.PersonIdOf(r.RowKey),
                r.GetString(PeopleNames.PersonName) ?? "",
                r.GetString(PeopleNames.NodeId) ?? "",
                r.GetString(PeopleNames.Tier) ?? "",
                r.GetInt64(PeopleNames.Breaches) ?? 0))
            .OrderByDescending(p => p.Breaches)
            .ThenBy(p => p.PersonId, StringComparer.Ordinal)
            .ToList();
    }
}
