using Grassroots.Domain.Reporting;
using Grassroots.Functions.Access;
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

        var period = QueryParameters.Period(request);
        if (period.Failed)
        {
            return period.Problem;
        }

        return new OkObjectResult(await reader.ReadAsync(node.Value.Node.Id, period.Value, request.HttpContext.RequestAborted));
    }
}
