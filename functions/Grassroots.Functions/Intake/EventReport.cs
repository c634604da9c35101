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
}

public sealed record ReporterContact
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
}
