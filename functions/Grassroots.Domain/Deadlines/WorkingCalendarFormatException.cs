namespace Grassroots.Domain;

/// <summary>The working-calendar file is not JSON of the expected shape or contains impossible days; every problem is listed.</summary>
public sealed class WorkingCalendarFormatException : FormatException
{
    public WorkingCalendarFormatException()
        : this([])
    {
    }

    public WorkingCalendarFormatException(string message)
        : this([message])
    {
    }

    public WorkingCalendarFormatException(string message, Exception innerException)
        : this([message], innerException)
    {
    }

    public WorkingCalendarFormatException(IReadOnlyList<string> problems, Exception? innerException = null)
        : base($"The working calendar cannot be used: {string.Join(" ", problems ?? [])}", innerException)
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}
