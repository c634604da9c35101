using System.ComponentModel.DataAnnotations;
using Grassroots.Domain.Reporting;

namespace Grassroots.Functions.Reporting;

/// <summary>Unit heads' scoring, under <c>Grassroots:Points</c> (e.g. <c>Grassroots__Points__Rules__capture=1</c>).</summary>
public sealed class PointsOptions
{
    public const string SectionName = "Grassroots:Points";

    /// <summary>Points per rule (see <see cref="ScoringRuleNames"/>); when configuration names none, the defaults apply.</summary>
    public Dictionary<string, int> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>A unit head is ranked on the honour roll only with at least this many events in the month.</summary>
    [Range(1, 100_000)]
    public int MinimumEvents { get; set; } = 5;

    public bool RulesAreValid() =>
        Rules.Keys.All(ScoringRuleNames.All.Contains) && Rules.Values.All(v => v is >= -1000 and <= 1000);
}

/// <summary>Paging of the read endpoints, under <c>Grassroots:Reporting</c>.</summary>
public sealed class ReportingOptions
{
    public const string SectionName = "Grassroots:Reporting";

    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The most rows one page may ask for: this bounds the store work of one work-queue or breaches request.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 200;
}
