using Grassroots.Domain.Access;
using Grassroots.Functions.Http;
using Grassroots.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Events;

/// <summary>An event as one caller may see it, or the problem to answer instead.</summary>
public sealed record EventForCaller(Caller Caller, StoredEvent? Event, IActionResult? Problem);

/// <summary>
/// The first two questions of every endpoint about one event: who is calling (none: 401), and may they see it
/// (no, or no such event: 404, the same answer, so ids can't be probed).
/// </summary>
public sealed class EventAccess(CallerResolver callers, EventReader reader)
{
    public async Task<EventForCaller> FindAsync(HttpRequest request, string eventId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await callers.ResolveAsync(request, request.HttpContext.RequestAborted);
        if (!caller.IsAuthenticated)
        {
            return new EventForCaller(caller, null, Problem.Unauthorized());
        }

        var stored = await reader.FindAsync(eventId, request.HttpContext.RequestAborted);
        return stored is null || !AccessPolicy.MayReadEvent(caller, stored.Chain, stored.DispatchedDepartmentIds)
            ? new EventForCaller(caller, null, Problem.NotFound($"No event {eventId} that you may see."))
            : new EventForCaller(caller, stored, null);
    }
}
