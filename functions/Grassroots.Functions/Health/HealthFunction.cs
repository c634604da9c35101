using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Health;

public sealed class HealthFunction(HealthReporter reporter)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await reporter.CheckAsync(durableClient, request.HttpContext.RequestAborted);
        return new ObjectResult(report)
        {
            StatusCode = report.IsServing ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }
}
