using Grassroots.Domain.Access;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Grassroots.Functions.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.MyWork;

/// <summary>
/// GET /api/me/inbox?pageSize=n: what waits for the caller now, soonest deadline first: events held by their nodes
/// awaiting review, or, for a department, its unsettled parts of current dispatches. Read from the Inbox projection, one
/// query per node or department, so the work does not grow with the number of events.
/// </summary>
public sealed class MyInboxFunction(AccessGate access, InboxReader reader, IOptions<ReportingOptions> options)
{
    [Function("GetMyInbox")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/inbox")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await access.InboxOwnerAsync(request);
        if (caller.Failed)
        {
            return caller.Problem;
        }

        var page = QueryParameters.Page(request, options.Value);
        if (page.Failed)
        {
            return page.Problem;
        }

        if (page.Value.StoreToken is not null)
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "continuationToken", "is not taken here: the inbox is one page, soonest deadline first");
        }

        var partitions = caller.Value.Kind == CallerKind.Department
            ? [InboxRow.DepartmentPartition(caller.Value.DepartmentId!)]
            : caller.Value.NodeIds.Select(InboxRow.NodePartition).ToList();
        return new OkObjectResult(await reader.ReadAsync(partitions, page.Value.Size, options.Value.MaxPageSize, request.HttpContext.RequestAborted));
    }
}
