using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Events;

/// <summary>
/// Every review and department report the endpoints accept, kept in the event's partition before it is raised to the
/// orchestration. A raised event is a queue message: a host that dies after taking it hides it until its lease runs
/// out, and a timer that fell due meanwhile can be read first. When a deadline's timer fires, the orchestration asks
/// here what was accepted before the deadline, so an on-time decision acts whatever order the messages arrive in.
/// </summary>
public sealed class AcceptedDecisions(GrassrootsTables tables, TimeProvider clock)
{
    private const string ReviewPrefix = "a~review~";
    private const string ReportPrefix = "a~report~";
    private const string FollowUpPrefix = "a~follow-up~";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The review stamped with its submission id and acceptance time, as it is to be raised.</returns>
    public async Task<ReviewDecision> KeepAsync(string eventId, ReviewDecision review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        var accepted = review with { SubmissionId = NewSubmissionId(), AcceptedAt = clock.GetUtcNow() };
        await AddAsync(eventId, ReviewKey(accepted.Round, accepted.AcceptedAt.Value, accepted.SubmissionId), JsonSerializer.Serialize(accepted, Json), accepted.AcceptedAt.Value, cancellationToken);
        return accepted;
    }

    /// <returns>The report stamped with its submission id and acceptance time, as it is to be raised.</returns>
    public async Task<DepartmentReport> KeepAsync(string eventId, DepartmentReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var accepted = report with { SubmissionId = NewSubmissionId(), AcceptedAt = clock.GetUtcNow() };
        await AddAsync(eventId, ReportKey(accepted.DepartmentId, accepted.Round, accepted.AcceptedAt.Value, accepted.SubmissionId), JsonSerializer.Serialize(accepted, Json), accepted.AcceptedAt.Value, cancellationToken);
        return accepted;
    }

    /// <returns>The reviews accepted for the round up to <paramref name="acceptedBy"/>, first accepted first.</returns>
    public async Task<IReadOnlyList<ReviewDecision>> ReviewsAsync(string eventId, int round, DateTimeOffset acceptedBy, CancellationToken cancellationToken = default)
    {
        var rows = await RangeAsync(eventId, ReviewPrefix + RoundPart(round), acceptedBy, cancellationToken);
        return rows.Select(r => JsonSerializer.Deserialize<ReviewDecision>(r, Json)!).ToList();
    }

    /// <returns>The department's reports accepted for the round up to <paramref name="acceptedBy"/>, first accepted first.</returns>
    public async Task<IReadOnlyList<DepartmentReport>> ReportsAsync(string eventId, string departmentId, int round, DateTimeOffset acceptedBy, CancellationToken cancellationToken = default)
    {
        var rows = await RangeAsync(eventId, ReportPrefix + departmentId + "~" + RoundPart(round), acceptedBy, cancellationToken);
        return rows.Select(r => JsonSerializer.Deserialize<DepartmentReport>(r, Json)!).ToList();
    }

    /// <returns>
    /// The answer stamped with its submission id and acceptance time, as it is to be raised; null when the follow-up
    /// already has an answer (one per follow-up round: the key has no time in it, so a second Add fails and writes nothing).
    /// </returns>
    public async Task<FollowUpAnswer?> KeepAsync(string eventId, FollowUpAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var accepted = answer with { SubmissionId = NewSubmissionId(), AcceptedAt = clock.GetUtcNow() };
        try
        {
            await AddAsync(eventId, FollowUpPrefix + RoundPart(accepted.Round), JsonSerializer.Serialize(accepted, Json), accepted.AcceptedAt.Value, cancellationToken);
            return accepted;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <returns>The follow-up's answer if one was accepted by <paramref name="acceptedBy"/>.</returns>
    public async Task<FollowUpAnswer?> FollowUpAnswerAsync(string eventId, int round, DateTimeOffset acceptedBy, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableNames.Events);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(eventId, FollowUpPrefix + RoundPart(round), ["Decision"], cancellationToken);
        if (!found.HasValue || found.Value is not { } row)
        {
            return null;
        }

        var answer = JsonSerializer.Deserialize<FollowUpAnswer>(row.GetString("Decision"), Json)!;
        return answer.AcceptedAt is { } at && FollowUpRules.IsInWindow(at, acceptedBy) ? answer : null;
    }

    private async Task AddAsync(string eventId, string rowKey, string decisionJson, DateTimeOffset acceptedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Events);
        // A fresh submission id per request: the row is new, so Add never meets an earlier one.
        await table.AddEntityAsync(new TableEntity(eventId, rowKey) { ["Decision"] = decisionJson, ["AcceptedAt"] = acceptedAt }, cancellationToken);
    }

    /// <summary>One range of the event's partition: the keys sort by acceptance time within a round.</summary>
    private async Task<List<string>> RangeAsync(string eventId, string prefix, DateTimeOffset acceptedBy, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Events);
        var from = prefix + "~";
        var upTo = prefix + "~" + Ticks(acceptedBy) + "~\uffff";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {from} and RowKey le {upTo}");
        var found = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Decision"], cancellationToken: cancellationToken))
        {
            found.Add(row.GetString("Decision"));
        }

        return found;
    }

    private static string ReviewKey(int round, DateTimeOffset acceptedAt, string submissionId) =>
        ReviewPrefix + RoundPart(round) + "~" + Ticks(acceptedAt) + "~" + submissionId;

    private static string ReportKey(string departmentId, int round, DateTimeOffset acceptedAt, string submissionId) =>
        ReportPrefix + departmentId + "~" + RoundPart(round) + "~" + Ticks(acceptedAt) + "~" + submissionId;

    private static string RoundPart(int round) => "r" + round.ToString("D6", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string NewSubmissionId() => Guid.NewGuid().ToString("N");
}
