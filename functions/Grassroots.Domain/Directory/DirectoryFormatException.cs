namespace Grassroots.Domain;

/// <summary>The directory file is not JSON of the expected shape (bad syntax, or a value of the wrong JSON type).</summary>
public sealed class DirectoryFormatException : FormatException
{
    public DirectoryFormatException()
        : this([])
    {
    }

    public DirectoryFormatException(string message)
        : this([new DirectoryProblem("", message)])
    {
    }

    public DirectoryFormatException(string message, Exception innerException)
        : this([new DirectoryProblem("", message)], innerException)
    {
    }

    public DirectoryFormatException(IReadOnlyList<DirectoryProblem> problems, Exception? innerException = null)
        : base(InvalidDirectoryException.Describe("The directory file cannot be read", problems), innerException)
    {
        Problems = problems;
    }

    public IReadOnlyList<DirectoryProblem> Problems { get; }
}
