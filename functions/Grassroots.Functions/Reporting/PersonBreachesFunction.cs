using Grassroots.Functions.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/people/{personId}/breaches: the person's missed deadlines, for that person, anyone above one of their nodes, and admins.</summary>
public sealed class PersonBreachesFunction(AccessGate access, BreachReader reader, IOptions<ReportingOptions> options)
{
    [Function("GetPersonBreaches")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "people/{personId}/breaches")] HttpRequest request,
        string personId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = await access.PersonAsync(request, personId);
        if (allowed.Failed)
        {
            return allowed.Problem;
        }

        var pageSize = QueryParameters.PageSize(request, options.Value);
        if (pageSize.Failed)
        {
            return pageSize.Problem;
        }

        var token = QueryParameters.ContinuationToken(request);
        if (token.Failed)
        {
            return token.Problem;
        }

        var page = await reader.ReadAsync(personId, pageSize.Value, token.Value, request.HttpContext.RequestAborted);
        return page is null ? QueryParameters.BadToken() : new OkObjectResult(page);
    }
}
