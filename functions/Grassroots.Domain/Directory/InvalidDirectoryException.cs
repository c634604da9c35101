using System.Globalization;
using System.Text;

namespace Grassroots.Domain;

/// <summary>The directory breaks one or more rules; it is refused whole, and every problem is listed.</summary>
public sealed class InvalidDirectoryException : Exception
{
    private const int ProblemsInMessage = 20;

    public InvalidDirectoryException()
        : this([])
    {
    }

    public InvalidDirectoryException(string message)
        : this([new DirectoryProblem("", message)])
    {
    }

    public InvalidDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new DirectoryProblem("", message)];
    }

    public InvalidDirectoryException(IReadOnlyList<DirectoryProblem> problems)
        : base(Describe("The directory is invalid", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<DirectoryProblem> Problems { get; }

    // The message lists the first problems so a log line alone is enough to start fixing the file.
    internal static string Describe(string headline, IReadOnlyList<DirectoryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var text = new StringBuilder(headline);
        text.Append(CultureInfo.InvariantCulture, $" ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})");
        foreach (var problem in problems.Take(ProblemsInMessage))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}- {problem}");
        }

        if (problems.Count > ProblemsInMessage)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}- … and {problems.Count - ProblemsInMessage} more");
        }

        return text.ToString();
    }
}
