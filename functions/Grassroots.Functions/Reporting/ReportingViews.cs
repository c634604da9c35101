namespace Grassroots.Functions.Reporting;

public sealed record WorkQueueItemView(
    string EventId, string Category, string Title, string UnitId, DateTimeOffset CapturedAt, string Status,
    string? Outcome, string? ResolvedTier, DateTimeOffset? ClosedAt);

public sealed record WorkQueuePage(string NodeId, string Status, IReadOnlyList<WorkQueueItemView> Items, string? ContinuationToken);

public sealed record TierShareView(long Closed, double? Share);

/// <summary>A node's figures over a period. Rates are null when their denominator is zero.</summary>
/// <param name="ClosureRate">Closed / captured (办结率), both counted in the period.</param>
/// <param name="FixRate">Fixed / captured: duplicates, out-of-scope and no-action closes are closed but not fixed.</param>
/// <param name="GrassrootsShare">Share of the period's closes made at unit, grid or community.</param>
/// <param name="MedianMinutesToClose">From the close-time histogram: within about 19% of the exact value.</param>
public sealed record StatsView(
    string NodeId, string From, string To,
    long Captured, long Closed, long Fixed, double? ClosureRate, double? FixRate,
    IReadOnlyDictionary<string, TierShareView> ResolvedAtTier, double? GrassrootsShare,
    double? MedianMinutesToClose, double? P90MinutesToClose,
    IReadOnlyDictionary<string, long> BreachesByTier, long OpenNow, long OverdueNow,
    FollowUpFiguresView FollowUp, IReadOnlyDictionary<string, FollowUpFiguresView> FollowUpByTier);

/// <summary>
/// 回访 figures over a period (by the local day the follow-up ended or the event reopened). Rates are null when their
/// denominator is zero.
/// </summary>
/// <param name="FollowUps">Follow-ups that ended: answered, or no reply by the end of the window.</param>
/// <param name="Satisfied">Answers "fixed" with satisfaction 4 or 5.</param>
/// <param name="ResponseRate">Answered / follow-ups.</param>
/// <param name="SatisfactionRate">Satisfied / answered.</param>
/// <param name="ReopenRate">Reopened / follow-ups.</param>
public sealed record FollowUpFiguresView(
    long FollowUps, long Answered, long Satisfied, long Reopened, double? ResponseRate, double? SatisfactionRate, double? ReopenRate)
{
    public static FollowUpFiguresView Of(long followUps, long answered, long satisfied, long reopened) =>
        new(followUps, answered, satisfied, reopened, Rate(answered, followUps), Rate(satisfied, answered), Rate(reopened, followUps));

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <param name="FollowUp">回访 of the closes the head made: response, satisfaction and reopen rates.</param>
public sealed record HonourRollEntryView(int Rank, string PersonId, string PersonName, string UnitId, int Points, int Events, FollowUpFiguresView FollowUp);

public sealed record HonourRollView(string NodeId, string Month, int MinimumEvents, IReadOnlyList<HonourRollEntryView> Ranked, int NotRanked);

public sealed record BreachView(string EventId, string Kind, string Tier, string NodeId, string PersonId, string PersonName, DateTimeOffset DeadlineUtc, DateTimeOffset DetectedAt);

public sealed record PersonBreachesPage(string PersonId, IReadOnlyList<BreachView> Items, string? ContinuationToken);

public sealed record PersonBreachCountView(string PersonId, string PersonName, string NodeId, string Tier, long Breaches);

public sealed record NodeBreachesView(string NodeId, string Month, long Total, IReadOnlyDictionary<string, long> ByTier, IReadOnlyList<PersonBreachCountView> People);
