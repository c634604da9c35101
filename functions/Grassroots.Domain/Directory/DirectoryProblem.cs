namespace Grassroots.Domain;

/// <summary>One thing wrong with a directory file.</summary>
/// <param name="Path">Where, in the file's own terms, e.g. "nodes[12].parentId"; "" for the document itself.</param>
/// <param name="Message">What is wrong, for the person fixing the file.</param>
public sealed record DirectoryProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
