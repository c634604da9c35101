using System.Diagnostics.CodeAnalysis;

namespace Grassroots.Domain;

/// <summary>What each tier may do, and the tier's name on the wire (JSON, Service Bus properties, table rows).</summary>
public static class TierExtensions
{
    /// <summary>The name used in files, messages and URLs: "unit", "grid", "community", "town", "district", "city".</summary>
    public static string ToWireName(this Tier tier) => tier switch
    {
        Tier.Unit => "unit",
        Tier.Grid => "grid",
        Tier.Community => "community",
        Tier.Town => "town",
        Tier.District => "district",
        Tier.City => "city",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Not one of the six tiers."),
    };

    /// <summary>
    /// Reads a wire name, ignoring case. The Chinese model names a rural community a village (村居), a town-level
    /// unit in the city a street (街道) and a rural district a county (县), so those names are accepted as the same tiers.
    /// </summary>
    public static bool TryParseWireName([NotNullWhen(true)] string? name, out Tier tier)
    {
        Tier? parsed = name?.Trim().ToUpperInvariant() switch
        {
            "UNIT" => Tier.Unit,
            "GRID" => Tier.Grid,
            "COMMUNITY" or "VILLAGE" => Tier.Community,
            "TOWN" or "STREET" => Tier.Town,
            "DISTRICT" or "COUNTY" => Tier.District,
            "CITY" => Tier.City,
            _ => null,
        };
        tier = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    /// <summary>The tier an unresolved event is reported up to (上报); null for the city, which has no tier above it.</summary>
    public static Tier? Above(this Tier tier) => tier switch
    {
        Tier.City => null,
        >= Tier.Unit and < Tier.City => tier + 1,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Not one of the six tiers."),
    };

    /// <summary>
    /// Whether reviewers at this tier may dispatch an event straight to government departments (派单): the article's
    /// street/town centre "calls the relevant departments directly through the platform", and the tiers above it can too.
    /// </summary>
    public static bool MayDispatchToDepartments(this Tier tier) => tier >= Tier.Town;

    /// <summary>
    /// Unit, grid and community: the grassroots (基层) where the article says over 90% of events are resolved.
    /// </summary>
    public static bool IsGrassroots(this Tier tier) => tier is >= Tier.Unit and <= Tier.Community;
}
