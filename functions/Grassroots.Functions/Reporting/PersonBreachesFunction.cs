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

        var page = QueryParameters.Page(request, options.Value);
        if (page.Failed)
        {
            return page.Problem;
        }

        var rows = await reader.ReadAsync(personId, page.Value.Size, page.Value.StoreToken, request.HttpContext.RequestAborted);
        return rows is null ? QueryParameters.BadToken() : new OkObjectResult(rows);
    }
}
