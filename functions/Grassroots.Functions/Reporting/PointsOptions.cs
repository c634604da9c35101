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
