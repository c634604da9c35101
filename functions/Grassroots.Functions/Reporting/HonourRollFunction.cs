using Grassroots.Domain.Reporting;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/honour-roll?month=YYYY-MM&amp;nodeId=: the month's best unit heads (光荣榜) under a community, town, district or the city.</summary>
public sealed class HonourRollFunction(AccessGate access, PeopleMonthReader reader, IOptions<PointsOptions> points)
{
    [Function("GetHonourRoll")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "honour-roll")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = await access.NodeAsync(request, request.Query["nodeId"].FirstOrDefault());
        if (node.Failed)
        {
            return node.Problem;
        }

        var month = QueryParameters.Month(request);
        if (month.Failed)
        {
            return month.Problem;
        }

        if (node.Value.Node.Tier < Tier.Community)
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "nodeId", "an honour roll ranks the unit heads under a community, town, district or the city");
        }

        var rows = await reader.ReadUnitHeadsAsync(node.Value.Node.Id, month.Value, request.HttpContext.RequestAborted);
        return new OkObjectResult(PeopleMonthReader.HonourRoll(node.Value.Node.Id, month.Value, rows, points.Value.MinimumEvents));
    }
}
