using Grassroots.Domain.Reporting;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/nodes/{nodeId}/events?status=open|overdue|resolved: the events at the node or under it, newest first, paged.</summary>
public sealed class WorkQueueFunction(AccessGate access, WorkQueueReader reader, IOptions<ReportingOptions> options)
{
    [Function("GetWorkQueue")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nodes/{nodeId}/events")] HttpRequest request,
        string nodeId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = await access.NodeAsync(request, nodeId);
        if (node.Failed)
        {
            return node.Problem;
        }

        var status = request.Query["status"].FirstOrDefault() ?? QueueStatus.Open;
        if (!QueueStatus.IsKnown(status))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "status", "must be one of " + string.Join(", ", QueueStatus.All));
        }

        var page = QueryParameters.Page(request, options.Value);
        if (page.Failed)
        {
            return page.Problem;
        }

        var rows = await reader.ReadAsync(nodeId, status, page.Value.Size, page.Value.StoreToken, request.HttpContext.RequestAborted);
        return rows is null ? QueryParameters.BadToken() : new OkObjectResult(rows);
    }
}
