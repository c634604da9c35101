using Grassroots.Domain.Reporting;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>GET /api/nodes/{nodeId}/events?status=open|overdue|resolved: the events at the node or under it, newest first, paged.</summary>
public sealed class WorkQueueFunction(NodeReadAccess access, WorkQueueReader reader, IOptions<ReportingOptions> options)
{
    [Function("GetWorkQueue")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nodes/{nodeId}/events")] HttpRequest request,
        string nodeId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await access.CheckAsync(request, nodeId);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        var status = request.Query["status"].FirstOrDefault() ?? QueueStatus.Open;
        if (!QueueStatus.IsKnown(status))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "status", "must be one of " + string.Join(", ", QueueStatus.All));
        }

        if (QueryParameters.TryPageSize(request, options.Value, out var pageSize) is { } badSize)
        {
            return badSize;
        }

        if (QueryParameters.TryToken(request, out var token) is { } badToken)
        {
            return badToken;
        }

        var page = await reader.ReadAsync(nodeId, status, pageSize, token, request.HttpContext.RequestAborted);
        return page is null ? QueryParameters.BadToken() : new OkObjectResult(page);
    }
}
