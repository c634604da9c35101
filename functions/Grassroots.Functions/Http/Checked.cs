using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Http;

/// <summary>
/// What a check at the HTTP edge gives: the value that passed, or the problem response to answer with instead. Every
/// parse, validation and access step of an endpoint returns this one shape, so each reads
/// <c>if (x.Failed) return x.Problem;</c>.
/// </summary>
public sealed class Checked<T>
{
    internal Checked(T value, IActionResult? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value; only meaningful when the check passed.</summary>
    public T Value { get; }

    public IActionResult? Problem { get; }

    [MemberNotNullWhen(true, nameof(Problem))]
    public bool Failed => Problem is not null;

    /// <summary>Lets a check return a <see cref="Http.Problem"/> result directly.</summary>
    public static implicit operator Checked<T>(ObjectResult problem) => Checked.Refused<T>(problem);
}

/// <summary>Makes <see cref="Checked{T}"/> values.</summary>
public static class Checked
{
    public static Checked<T> Passed<T>(T value) => new(value, null);

    public static Checked<T> Refused<T>(IActionResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(default!, problem);
    }
}
