using Grassroots.Domain;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// GET /api/nodes/{nodeId}/breaches?month=YYYY-MM: who let things slip under a node in a month (哪个环节没解决,对应到人):
/// breaches by tier and by person, from the node's day figures and its people's month.
/// </summary>
public sealed class NodeBreachesFunction(NodeReadAccess access, PeopleMonthReader people, FiguresReader figures)
{
    [Function("GetNodeBreaches")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nodes/{nodeId}/breaches")] HttpRequest request,
        string nodeId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await access.CheckAsync(request, nodeId);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (QueryParameters.TryMonth(request, out var month) is { } badMonth)
        {
            return badMonth;
        }

        var sums = await figures.SumDaysAsync(nodeId, ReportingPeriod.Of(month), request.HttpContext.RequestAborted);
        var byTier = Enum.GetValues<Tier>().ToDictionary(t => t.ToWireName(), t => sums.GetValueOrDefault(FigureNames.Breaches(t)));
        var rows = await people.ReadAsync(nodeId, month, request.HttpContext.RequestAborted);
        return new OkObjectResult(new NodeBreachesView(nodeId, month.ToString(), byTier.Values.Sum(), byTier, PeopleMonthReader.Breaches(rows)));
    }
}
