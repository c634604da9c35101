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

        var pageSize = QueryParameters.PageSize(request, options.Value);
        if (pageSize.Failed)
        {
            return pageSize.Problem;
        }

        var token = QueryParameters.ContinuationToken(request);
        if (token.Failed)
        {
            return token.Problem;
        }

        var page = await reader.ReadAsync(nodeId, status, pageSize.Value, token.Value, request.HttpContext.RequestAborted);
        return page is null ? QueryParameters.BadToken() : new OkObjectResult(page);
    }
}
