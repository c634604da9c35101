using Grassroots.Domain.Reporting;
using Grassroots.Functions.Access;
using Grassroots.Functions.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// GET /api/stats?nodeId&amp;from&amp;to: the dashboard figures of a node over whole local days (both ends included);
/// without <c>from</c> and <c>to</c>, the city's current month.
/// </summary>
public sealed class StatsFunction(AccessGate access, FiguresReader reader, TimeProvider clock, IOptions<GrassrootsOptions> options)
{
    private readonly TimeZoneInfo cityZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    [Function("GetStats")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = await access.NodeAsync(request, request.Query["nodeId"].FirstOrDefault());
        if (node.Failed)
        {
            return node.Problem;
        }

        var period = QueryParameters.Period(request, ScoringMonth.Of(clock.GetUtcNow(), cityZone));
        if (period.Failed)
        {
            return period.Problem;
        }

        return new OkObjectResult(await reader.ReadAsync(node.Value.Node.Id, period.Value, request.HttpContext.RequestAborted));
    }
}
