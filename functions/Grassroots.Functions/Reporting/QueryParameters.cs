using System.Globalization;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Reporting;

/// <summary>Reads the query parameters the reporting endpoints share; a bad value is a 400 problem naming the parameter.</summary>
public static class QueryParameters
{
    public static Checked<int> PageSize(HttpRequest request, ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var text = request.Query["pageSize"].FirstOrDefault();
        if (text is null)
        {
            return Checked.Passed(options.DefaultPageSize);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pageSize) && pageSize >= 1 && pageSize <= options.MaxPageSize
            ? Checked.Passed(pageSize)
            : Problem.Field(StatusCodes.Status400BadRequest, "pageSize", $"must be a whole number from 1 to {options.MaxPageSize}");
    }

    /// <returns>The store's continuation token, null for the first page.</returns>
    public static Checked<string?> ContinuationToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PageToken.TryDecode(request.Query["continuationToken"].FirstOrDefault(), out var storeToken)
            ? Checked.Passed(storeToken)
            : BadToken();
    }

    public static Checked<ScoringMonth> Month(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScoringMonth.TryParse(request.Query["month"].FirstOrDefault(), out var month)
            ? Checked.Passed(month)
            : Problem.Field(StatusCodes.Status400BadRequest, "month", $"must be a month from {ScoringMonth.Range}, yyyy-MM");
    }

    public static ObjectResult BadToken() =>
        Problem.Field(StatusCodes.Status400BadRequest, "continuationToken", "is not a token this list handed out");
}
