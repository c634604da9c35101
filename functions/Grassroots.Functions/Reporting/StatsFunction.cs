using Grassroots.Domain.Reporting;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/stats?nodeId&amp;from&amp;to: the dashboard figures of a node over whole local days (both ends included).</summary>
public sealed class StatsFunction(AccessGate access, FiguresReader reader)
{
    [Function("GetStats")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = await access.NodeAsync(request, request.Query["nodeId"].FirstOrDefault());
        if (node.Failed)
        {
            return node.Problem;
        }

        var period = ReportingPeriod.TryParse(request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault(), out var problem);
        if (period is null)
        {
            var field = problem!.StartsWith("from", StringComparison.Ordinal) ? "from" : "to";
            return Problem.Field(StatusCodes.Status400BadRequest, field, problem);
        }

        return new OkObjectResult(await reader.ReadAsync(node.Value.Node.Id, period, request.HttpContext.RequestAborted));
    }
}
