using Grassroots.Domain;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>The moves an import named, as the audit row keeps them (column <c>MovesJson</c>).</summary>
/// <param name="AppliedEarlier">
/// Moves the import found already carried out, keyed <c>node:{id}</c> or <c>department:{id}</c>, with the import that
/// carried each out: a retry of a retry still names the import that did the work.
/// </param>
public sealed record DirectoryMovesRecord(Dictionary<string, string> Nodes, Dictionary<string, string> Departments, Dictionary<string, string>? AppliedEarlier = null)
{
    public static DirectoryMovesRecord From(DirectoryMoves moves, IEnumerable<AlreadyAppliedMove> appliedEarlier)
    {
        ArgumentNullException.ThrowIfNull(moves);
        return new(
            moves.Nodes.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            moves.Departments.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            appliedEarlier.ToDictionary(m => Key(m.Kind, m.From), m => m.ImportId, StringComparer.Ordinal));
    }

    public DirectoryMoves ToMoves() => new(Nodes ?? [], Departments ?? []);

    /// <summary>The import that carried out a move this import named: an earlier one it found, or this one.</summary>
    public string CarriedOutBy(string kind, string from, string thisImportId) =>
        AppliedEarlier is not null && AppliedEarlier.TryGetValue(Key(kind, from), out var earlier) ? earlier : thisImportId;

    private static string Key(string kind, string from) => kind + ":" + from;
}
