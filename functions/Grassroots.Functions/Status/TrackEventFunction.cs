using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Status;

/// <summary>
/// GET /api/tracking with header <c>X-Tracking-Token</c>: residents follow their own event with the token intake handed
/// back; no login. The token travels in a header, never in the URL, so request logs never hold it.
/// A duplicate's reporter also sees the original's progress.
/// </summary>
public sealed class TrackEventFunction(EventReader reader)
{
    public const string TokenHeader = "X-Tracking-Token";

    [Function("TrackEvent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tracking")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Headers[TokenHeader].FirstOrDefault();
        var cancellationToken = request.HttpContext.RequestAborted;
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return Problem.NotFound("Unknown tracking token.");
        }

        var stored = await reader.FindByTrackingTokenAsync(token, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Unknown tracking token.");
        }

        var original = stored.Row.DuplicateOfEventId is { } originalId ? await reader.FindAsync(originalId, cancellationToken) : null;
        return new OkObjectResult(new
        {
            @event = ResidentView.From(stored),
            original = original is null ? null : ResidentView.From(original),
        });
    }
}
