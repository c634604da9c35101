using Grassroots.Functions.Access;
using Grassroots.Functions.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Status;

/// <summary>GET /api/events/{id}: for the people on the event's chain, its departments and admins. Others get 404, not 403, so ids can't be probed.</summary>
public sealed class EventStatusFunction(AccessGate access)
{
    [Function("GetEvent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}")] HttpRequest request,
        string id)
    {
        var visible = await access.EventAsync(request, id);
        return visible.Failed ? visible.Problem : new OkObjectResult(EventReader.ToView(visible.Value.Event));
    }
}
