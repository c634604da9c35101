namespace Grassroots.Domain;

/// <summary>
/// A deputy as written in the directory file: who covers the node's responsible person (leave cover, 值班) and when.
/// The range is half-open, [from, until), with an explicit offset so nobody has to guess the time zone.
/// </summary>
public sealed class DirectoryDeputyEntry
{
    public DirectoryPersonEntry? Person { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
}
