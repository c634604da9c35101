using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Events;

/// <summary>GET /api/events/{id}: for the people on the event's chain, its departments and admins. Others get 404, not 403, so ids can't be probed.</summary>
public sealed class EventStatusFunction(EventAccess access)
{
    [Function("GetEvent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}")] HttpRequest request,
        string id)
    {
        var (_, stored, problem) = await access.FindAsync(request, id);
        return problem ?? new OkObjectResult(EventReader.ToView(stored!));
    }
}
