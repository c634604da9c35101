using System.Text.Json.Serialization;

namespace Grassroots.Functions.Intake;

/// <summary>What a reporting channel sends to capture (采集) an event. Every field is nullable so that validation, not the parser, names what is missing.</summary>
public sealed record EventReport
{
    public string? Category { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? UnitId { get; init; }
    public ReporterContact? Reporter { get; init; }
    public string? Channel { get; init; }
    public string? OccurredAt { get; init; }
    public IReadOnlyList<string>? Attachments { get; init; }
    public string? ChannelReference { get; init; }

    /// <summary>Latitude of the problem in degrees (WGS 84); with <see cref="Longitude"/> or not at all. Named as Open311 names it.</summary>
    [JsonPropertyName("lat")]
    public double? Latitude { get; init; }

    /// <summary>Longitude in degrees (WGS 84).</summary>
    [JsonPropertyName("long")]
    public double? Longitude { get; init; }

    /// <summary>The address as the resident gives it (a flat, a street corner).</summary>
    public string? Address { get; init; }
}

public sealed record ReporterContact
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
}
