using System.ComponentModel.DataAnnotations;

namespace Grassroots.Functions.Intake;

/// <summary>Settings under <c>Grassroots:Intake</c>.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Grassroots:Intake";

    /// <summary>Event categories a channel may use; a city adds its own here without a release.</summary>
    [MinLength(1)]
    public List<string> Categories { get; set; } = [];

    /// <summary>Reporting channels that may call intake.</summary>
    [MinLength(1)]
    public List<string> Channels { get; set; } = [];

    [Range(1024, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 32 * 1024;

    /// <summary>How far in the future occurredAt may lie, for clock skew between a phone and the platform.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far in the past occurredAt may lie. Residents report long-standing problems, so the default is generous (ten
    /// years); its upper bound keeps every accepted date far above the table store's earliest (1601).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>
    /// Base64 of at least 32 random bytes: the key tracking tokens are derived under (see <c>TrackingTokenIssuer</c>).
    /// Changing it never invalidates a token already handed out (tokens are looked up by their hash); only a capture
    /// retried across the change gets no token back. Not set: a random key per process.
    /// </summary>
    [Base64Key(MinimumBytes = 32)]
    public string? TrackingTokenKey { get; set; }

    /// <summary>The city's rectangle; a reported location outside it is refused (422).</summary>
    public CityBoundsOptions? CityBounds { get; set; }

    /// <summary>How long a start claimed by one request is left alone before a retry with the same key takes it over.</summary>
    public TimeSpan StartClaimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal static readonly string[] DefaultCategories = ["dispute", "safety", "epidemic", "livelihood", "environment", "other"];
    internal static readonly string[] DefaultChannels = ["app", "hotline", "wechat", "walk-in", "unit-head", "web"];
}
