using System.Globalization;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Reporting;

/// <summary>Reads the paging parameters the list endpoints share; a bad value is a 400 problem naming the parameter.</summary>
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

    public static IActionResult BadToken() =>
        Problem.Field(StatusCodes.Status400BadRequest, "continuationToken", "is not a token this list handed out");
}
