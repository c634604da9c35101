using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Http;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>), the only shape our errors take.</summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Create(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors) { Title = title }
            : new ProblemDetails { Title = title };
        problem.Status = status;
        problem.Detail = detail;
        problem.Type = "https://httpstatuses.io/" + status;
        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult Field(int status, string field, string reason) =>
        Create(status, "The request is not valid.", $"{field}: {reason}", new Dictionary<string, string[]> { [field] = [reason] });

    public static ObjectResult NotFound(string what) => Create(StatusCodes.Status404NotFound, "Not found.", what);

    public static ObjectResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict.", detail);

    /// <summary>A decision for another round than the one the event waits in: 409, with the current round as <c>currentRound</c>.</summary>
    public static ObjectResult WrongRound(int answered, int currentRound)
    {
        var result = Conflict($"The request answers round {answered}; the event is in round {currentRound}. Read the event again and decide for its current round.");
        ((ProblemDetails)result.Value!).Extensions["currentRound"] = currentRound;
        return result;
    }

    public static ObjectResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static ObjectResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "Sign-in required.", "This endpoint needs an authenticated caller.");
}
