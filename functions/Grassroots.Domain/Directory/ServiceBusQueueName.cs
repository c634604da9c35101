using System.Diagnostics.CodeAnalysis;

namespace Grassroots.Domain;

/// <summary>
/// The queue names this project allows: Service Bus's own rule (letters, digits, '.', '-', '_', starting and ending
/// with a letter or digit, at most 260 characters) narrowed to lowercase, because Service Bus compares names
/// case-insensitively and two names differing only in case would be one queue.
/// </summary>
public static class ServiceBusQueueName
{
    public const int MaxLength = 260;

    /// <summary>The convention for a department's queue.</summary>
    public const string DepartmentPrefix = "dept-";

    public static bool IsValid([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && IsLetterOrDigit(name[0])
        && IsLetterOrDigit(name[^1])
        && name.All(c => IsLetterOrDigit(c) || c is '-' or '.' or '_');

    /// <summary>The queue a department's work arrives on: "dept-&lt;department id&gt;".</summary>
    public static string ForDepartment(string departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        return DepartmentPrefix + departmentId;
    }

    internal const string Rule = "lowercase letters, digits, '-', '.' and '_', starting and ending with a letter or digit, 1–260 characters";

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
