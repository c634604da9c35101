namespace Grassroots.Domain;

/// <summary>What an import adds, changes and removes of one kind of directory entry (ids in ordinal order).</summary>
public sealed record EntryChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;

    /// <param name="before">Each stored entry's id and a fingerprint of everything stored about it.</param>
    /// <param name="after">The same for the directory being imported.</param>
    public static EntryChanges Between(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new(
            [.. after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. after.Where(e => before.TryGetValue(e.Key, out var was) && was != e.Value).Select(e => e.Key).Order(StringComparer.Ordinal)],
            [.. before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal)]);
    }
}

/// <summary>
/// The difference an import makes (an import replaces the directory): nodes, people, identities and departments
/// added, changed and removed. The import answers with it, a dry run shows it, and the audit keeps it.
/// </summary>
public sealed record DirectoryChanges(EntryChanges Nodes, EntryChanges People, EntryChanges Identities, EntryChanges Departments)
{
    public bool IsEmpty => Nodes.IsEmpty && People.IsEmpty && Identities.IsEmpty && Departments.IsEmpty;
}
