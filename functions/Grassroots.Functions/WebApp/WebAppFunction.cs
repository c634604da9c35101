using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.WebApp;

/// <summary>
/// GET /api/app/{path}: the web app for the people who do the work, served by the Function app itself so it shares the
/// API's origin: App Service Authentication's session cookie signs in both, the API sees the same principal header, and
/// no CORS rule or second resource is needed. The app holds no rule of its own; it calls the same API as any client.
/// </summary>
public sealed class WebAppFunction(WebAppFiles files)
{
    /// <summary>Everything the app loads comes from this origin; nothing inline, no framing (clickjacking on the review buttons).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    [Function("WebApp")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*path}")] HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!files.TryGet(path, out var content, out var contentType))
        {
            return Problem.NotFound("No such file in the web app.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Small files, changed with each deployment: always revalidated, never stale after a release.
        headers.CacheControl = "no-cache";
        return new FileContentResult(content, contentType);
    }
}
