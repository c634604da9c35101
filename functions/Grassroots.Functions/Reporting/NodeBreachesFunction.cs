using Grassroots.Domain.Reporting;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// GET /api/nodes/{nodeId}/breaches?month=YYYY-MM: who let things slip under a node in a month (哪个环节没解决,对应到人):
/// breaches by tier and by person, from the node's day figures and its people's month.
/// </summary>
public sealed class NodeBreachesFunction(AccessGate access, PeopleMonthReader people, FiguresReader figures)
{
    [Function("GetNodeBreaches")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nodes/{nodeId}/breaches")] HttpRequest request,
        string nodeId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = await access.NodeAsync(request, nodeId);
        if (node.Failed)
        {
            return node.Problem;
        }

        var month = QueryParameters.Month(request);
        if (month.Failed)
        {
            return month.Problem;
        }

        var sums = await figures.SumDaysAsync(nodeId, ReportingPeriod.Of(month.Value), request.HttpContext.RequestAborted);
        var byTier = Enum.GetValues<Tier>().ToDictionary(t => t.ToWireName(), t => sums.GetValueOrDefault(FigureNames.Breaches(t)));
        var rows = await people.ReadAsync(nodeId, month.Value, request.HttpContext.RequestAborted);
        return new OkObjectResult(new NodeBreachesView(nodeId, month.Value.ToString(), byTier.Values.Sum(), byTier, PeopleMonthReader.Breaches(rows)));
    }
}
