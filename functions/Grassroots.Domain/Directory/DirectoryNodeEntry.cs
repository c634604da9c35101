namespace Grassroots.Domain;

/// <summary>A node as written in the directory file. The tier stays text so an unknown tier is a reported problem, not a parse failure.</summary>
public sealed class DirectoryNodeEntry
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Tier { get; init; }
    public string? ParentId { get; init; }
    public DirectoryPersonEntry? Responsible { get; init; }
    public string? NotificationTarget { get; init; }

    /// <summary>Optional: who covers the responsible person, and when.</summary>
    public IReadOnlyList<DirectoryDeputyEntry?>? Deputies { get; init; }

    /// <summary>Optional, units only: where the unit lies, so a report with only a point finds it.</summary>
    public DirectoryAreaEntry? Area { get; init; }
}
