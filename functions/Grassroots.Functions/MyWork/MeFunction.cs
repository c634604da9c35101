using Grassroots.Domain;
using Grassroots.Domain.Access;
using Grassroots.Functions.Access;
using Grassroots.Functions.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.MyWork;

/// <summary>
/// GET /api/me: who the caller is as the directory knows them, their nodes or department, and what they may do. Read on
/// every request like every other access decision, so a removed identity sees the change at once.
/// </summary>
public sealed class MeFunction(AccessGate access, DirectoryStore directory)
{
    [Function("GetMe")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await access.SignedInCallerAsync(request);
        if (caller.Failed)
        {
            return caller.Problem;
        }

        var me = caller.Value;
        var cancellationToken = request.HttpContext.RequestAborted;
        var nodes = new List<OrgNode>();
        foreach (var nodeId in me.NodeIds)
        {
            if (await directory.FindNodeAsync(nodeId, cancellationToken) is { } node)
            {
                nodes.Add(node);
            }
        }

        // The department partition is bounded by the directory, and read only for callers who could use it.
        var departments = nodes.Any(n => n.Tier.MayDispatchToDepartments()) || me.DepartmentId is not null
            ? (await directory.ReadPartitionAsync<DepartmentRow>(DirectoryPartitions.Department, cancellationToken)).Select(DirectoryStore.ToDepartment).ToList()
            : [];
        var myNodes = nodes
            .OrderByDescending(n => n.Tier)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new MyNodeView(n.Id, n.Name, n.Tier.ToWireName(), n.Tier.MayDispatchToDepartments()
                ? departments.Where(d => d.DispatchableBy.Contains(n.Id)).Select(d => new DepartmentRefView(d.Id, d.Name)).ToList()
                : []))
            .ToList();
        var department = me.DepartmentId is { } id
            ? new DepartmentRefView(id, departments.FirstOrDefault(d => d.Id == id)?.Name ?? id)
            : null;
        var kind = me.Kind switch
        {
            CallerKind.Person => "person",
            CallerKind.Department => "department",
            _ => "unknown",
        };
        var rights = new MyRightsView(
            Review: me.Kind == CallerKind.Person && myNodes.Count > 0,
            Dispatch: myNodes.Any(n => n.DispatchTo.Count > 0),
            Report: me.Kind == CallerKind.Department,
            ReadFigures: me.IsAdmin || (me.Kind == CallerKind.Person && myNodes.Count > 0),
            ImportDirectory: AccessPolicy.MayImportDirectory(me));
        return new OkObjectResult(new MeView(kind, me.IdentityId, me.PersonId, me.Name, me.IsAdmin, myNodes, department, rights));
    }
}
