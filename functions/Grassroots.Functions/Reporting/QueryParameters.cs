using System.Globalization;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Reporting;

/// <summary>Reads the query parameters the reporting endpoints share; a bad value is a 400 problem naming the parameter.</summary>
public static class QueryParameters
{
    public static IActionResult? TryPageSize(HttpRequest request, ReportingOptions options, out int pageSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        pageSize = options.DefaultPageSize;
        var text = request.Query["pageSize"].FirstOrDefault();
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > options.MaxPageSize)
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "pageSize", $"must be a whole number from 1 to {options.MaxPageSize}");
        }

        return null;
    }

    public static IActionResult? TryToken(HttpRequest request, out string? storeToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PageToken.TryDecode(request.Query["continuationToken"].FirstOrDefault(), out storeToken)
            ? null
            : BadToken();
    }

    public static IActionResult? TryMonth(HttpRequest request, out ScoringMonth month)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScoringMonth.TryParse(request.Query["month"].FirstOrDefault(), out month)
            ? null
            : Problem.Field(StatusCodes.Status400BadRequest, "month", "must be a month, yyyy-MM");
    }

    public static IActionResult BadToken() =>
        Problem.Field(StatusCodes.Status400BadRequest, "continuationToken", "is not a token this list handed out");
}
