using Grassroots.Domain.Access;
using Grassroots.Functions.Http;
using Grassroots.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Events;

/// <summary>GET /api/events/{id}: for the people on the event's chain, its departments and admins. Others get 404, not 403, so ids can't be probed.</summary>
public sealed class EventStatusFunction(EventReader reader, CallerResolver callers)
{
    [Function("GetEvent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}")] HttpRequest request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await callers.ResolveAsync(request, request.HttpContext.RequestAborted);
        if (!caller.IsAuthenticated)
        {
            return Problem.Unauthorized();
        }

        var stored = await reader.FindAsync(id, request.HttpContext.RequestAborted);
        if (stored is null || !AccessPolicy.MayReadEvent(caller, stored.Chain, stored.DispatchedDepartmentIds))
        {
            return Problem.NotFound($"No event {id} that you may see.");
        }

        return new OkObjectResult(EventReader.ToView(stored));
    }
}
