using Grassroots.Domain;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/honour-roll?month=YYYY-MM&amp;nodeId=: the month's best unit heads (光荣榜) under a community, town, district or the city.</summary>
public sealed class HonourRollFunction(NodeReadAccess access, PeopleMonthReader reader, IOptions<PointsOptions> points)
{
    [Function("GetHonourRoll")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "honour-roll")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await access.CheckAsync(request, request.Query["nodeId"].FirstOrDefault());
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (QueryParameters.TryMonth(request, out var month) is { } badMonth)
        {
            return badMonth;
        }

        if (check.Node!.Tier < Tier.Community)
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "nodeId", "an honour roll ranks the unit heads under a community, town, district or the city");
        }

        var rows = await reader.ReadUnitHeadsAsync(check.Node.Id, month, request.HttpContext.RequestAborted);
        return new OkObjectResult(PeopleMonthReader.HonourRoll(check.Node.Id, month, rows, points.Value.MinimumEvents));
    }
}
