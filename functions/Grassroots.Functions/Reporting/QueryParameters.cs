using System.Globalization;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Reporting;

/// <summary>One page of a list: how many rows, and the store's continuation token (null for the first page).</summary>
public sealed record PageRequest(int Size, string? StoreToken);

/// <summary>Reads the query parameters the reporting endpoints share; a bad value is a 400 problem naming the parameter.</summary>
public static class QueryParameters
{
    /// <summary>The page a list request asks for: <c>pageSize</c> (default from options) and <c>continuationToken</c>.</summary>
    public static Checked<PageRequest> Page(HttpRequest request, ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var pageSize = options.DefaultPageSize;
        var text = request.Query["pageSize"].FirstOrDefault();
        if (text is not null
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > options.MaxPageSize))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "pageSize", $"must be a whole number from 1 to {options.MaxPageSize}");
        }

        return PageToken.TryDecode(request.Query["continuationToken"].FirstOrDefault(), out var storeToken)
            ? Checked.Passed(new PageRequest(pageSize, storeToken))
            : BadToken();
    }

    public static Checked<ScoringMonth> Month(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScoringMonth.TryParse(request.Query["month"].FirstOrDefault(), out var month)
            ? Checked.Passed(month)
            : Problem.Field(StatusCodes.Status400BadRequest, "month", $"must be a month from {ScoringMonth.Range}, yyyy-MM");
    }

    /// <summary>Whole local days from <c>from</c> to <c>to</c> (yyyy-MM-dd, both included); neither given: <paramref name="currentMonth"/>.</summary>
    public static Checked<ReportingPeriod> Period(HttpRequest request, ScoringMonth currentMonth)
    {
        ArgumentNullException.ThrowIfNull(request);
        var period = ReportingPeriod.TryParse(request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault(), currentMonth, out var problem);
        return period is not null
            ? Checked.Passed(period)
            : Problem.Field(StatusCodes.Status400BadRequest, problem!.StartsWith("from", StringComparison.Ordinal) ? "from" : "to", problem);
    }

    public static ObjectResult BadToken() =>
        Problem.Field(StatusCodes.Status400BadRequest, "continuationToken", "is not a token this list handed out");
}
