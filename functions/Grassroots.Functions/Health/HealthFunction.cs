using Grassroots.Functions.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Health;

/// <summary>GET /api/health: the status for anyone (uptime checks, deployments); dependency details and version for admins.</summary>
public sealed class HealthFunction(HealthReporter reporter, AccessGate access)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await reporter.CheckAsync(durableClient, request.HttpContext.RequestAborted);
        object body = access.SeesHealthDetails(request) ? report : new { status = report.Status };
        return new ObjectResult(body)
        {
            StatusCode = report.IsServing ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }
}
