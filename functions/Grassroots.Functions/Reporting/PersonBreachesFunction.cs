using System.Text.Json;
using Grassroots.Domain.Access;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Http;
using Grassroots.Functions.Identity;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/people/{personId}/breaches: the person's missed deadlines, for that person, anyone above one of their nodes, and admins.</summary>
public sealed class PersonBreachesFunction(CallerResolver callers, DirectoryStore directory, BreachReader reader, IOptions<ReportingOptions> options)
{
    [Function("GetPersonBreaches")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "people/{personId}/breaches")] HttpRequest request,
        string personId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var caller = await callers.ResolveAsync(request, cancellationToken);
        if (!caller.IsAuthenticated)
        {
            return Problem.Unauthorized();
        }

        if (!TableKeys.IsValid(personId))
        {
            return Problem.NotFound($"No person {personId} that you may see.");
        }

        var person = await directory.FindPersonAsync(personId, cancellationToken);
        var chains = new List<IReadOnlyList<string>>();
        foreach (var nodeId in person is null ? [] : JsonSerializer.Deserialize<List<string>>(person.NodeIdsJson) ?? [])
        {
            if (await directory.ChainToCityAsync(nodeId, cancellationToken) is { } chain)
            {
                chains.Add(chain.Select(n => n.Id).ToList());
            }
        }

        if (!AccessPolicy.MayReadPerson(caller, personId, chains))
        {
            return Problem.NotFound($"No person {personId} that you may see.");
        }

        if (QueryParameters.TryPageSize(request, options.Value, out var pageSize) is { } badSize)
        {
            return badSize;
        }

        if (QueryParameters.TryToken(request, out var token) is { } badToken)
        {
            return badToken;
        }

        var page = await reader.ReadAsync(personId, pageSize, token, cancellationToken);
        return page is null ? QueryParameters.BadToken() : new OkObjectResult(page);
    }
}
