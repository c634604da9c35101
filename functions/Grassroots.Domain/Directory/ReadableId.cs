using System.Diagnostics.CodeAnalysis;

namespace Grassroots.Domain;

/// <summary>
/// The shape of node, department and person ids: lowercase letters, digits and inner hyphens, 1–64 characters
/// ("bantou-g1-u1"). They appear in table keys, queue names ("dept-&lt;id&gt;") and URLs, so nothing needing escaping.
/// </summary>
public static class ReadableId
{
    public const int MaxLength = 64;

    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && id[0] != '-'
        && id[^1] != '-'
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    internal const string Rule = "lowercase letters, digits and inner hyphens, 1–64 characters";
}
