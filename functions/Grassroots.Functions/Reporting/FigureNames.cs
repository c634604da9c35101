using System.Globalization;
using Grassroots.Domain.Reporting;
using Grassroots.Domain;
using Grassroots.Functions.Directory;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Keys and counter names of the NodeFigures table. PartitionKey = node id. Rows: "d~yyyy-MM-dd" per local day (captured,
/// closed, fixed, closed per tier, breaches per tier, close-time histogram), "now" (open and overdue events right now),
/// and "m~…"/"g~…" markers that make each counter update happen once.
/// </summary>
public static class FigureNames
{
    public const string DayPrefix = "d~";
    public const string NowRow = "now";

    public const string Captured = "Captured";
    public const string Closed = "Closed";
    public const string Fixed = "Fixed";
    public const string Open = "Open";
    public const string Overdue = "Overdue";

    /// <summary>回访 counters, on the local day the follow-up ended (answered or not) or the event reopened.</summary>
    public const string FollowUps = "FollowUps";
    public const string Answered = "Answered";
    public const string Satisfied = "Satisfied";
    public const string Reopened = "Reopened";

    /// <summary>The same four counters for the tier that closed the event, e.g. "FollowUpsUnit".</summary>
    public static string ByTier(string counter, Tier tier) => counter + Capitalized(tier);

    public static string DayRow(DateOnly day) => DayPrefix + ReportingPeriod.DayKey(day);

    public static string ClosedAt(Tier tier) => "ClosedAt" + Capitalized(tier);

    public static string Breaches(Tier tier) => "Breaches" + Capitalized(tier);

    public static string Histogram(int bucket) => "H" + bucket.ToString("D2", CultureInfo.InvariantCulture);

    private static string Capitalized(Tier tier)
    {
        var wire = tier.ToWireName();
        return char.ToUpperInvariant(wire[0]) + wire[1..];
    }
}

/// <summary>
/// Keys and counter names of the PeopleMonthly table. PartitionKey = node id + "~" + yyyy-MM; RowKey "p~" + tier + "~" +
/// person id holds that person's month under the node (points, events handled, breaches). The tier leads the key so the
/// honour roll reads only the unit heads' rows and a node's breach list reads every tier, each as one range of one
/// partition; "m~…", "e~…", "b~…" rows are the markers of awards, handled events and breaches.
/// </summary>
public static class PeopleNames
{
    public const string PersonPrefix = "p~";
    /// <summary>The first key after every "p~" key ('~' + 1).</summary>
    public const string PersonEnd = "p\u007f";
    public const string UnitHeadsStart = PersonPrefix + "unit~";
    /// <summary>The first key after every unit head's key ('~' + 1).</summary>
    public const string UnitHeadsEnd = PersonPrefix + "unit\u007f";

    public const string Points = "Points";
    public const string Events = "Events";
    public const string Breaches = "Breaches";
    /// <summary>Follow-ups of the person's closes that ended, were answered, satisfied, or reopened the event.</summary>
    public const string FollowUps = "FollowUps";
    public const string Answered = "Answered";
    public const string Satisfied = "Satisfied";
    public const string Reopened = "Reopened";
    public const string PersonName = "PersonName";
    public const string NodeId = "NodeId";
    public const string Tier = "Tier";

    public static string Partition(string nodeId, ScoringMonth month) => nodeId + "~" + month;

    /// <param name="tier">The tier of the node the person answers for (the row's <see cref="Tier"/> label).</param>
    public static string PersonRow(string tier, string personId) => PersonPrefix + tier + "~" + personId;

    /// <summary>The person id of a "p~{tier}~{personId}" row.</summary>
    public static string PersonIdOf(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return rowKey.Split('~', 3)[^1];
    }
}
