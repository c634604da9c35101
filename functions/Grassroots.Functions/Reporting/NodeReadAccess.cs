using Grassroots.Domain;
using Grassroots.Domain.Access;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Http;
using Grassroots.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Reporting;

/// <summary>The outcome of a read check: the node and its chain when allowed, else the problem to answer with.</summary>
public sealed record NodeReadCheck(IActionResult? Refusal, OrgNode? Node, IReadOnlyList<string> Chain);

/// <summary>
/// Who may read a node's queues, figures, breaches and honour roll: its people, the people above it, admins
/// (一张图: each tier sees what is under it). No caller: 401; an unknown node or one the caller may not see: 404, alike,
/// so node ids can't be probed.
/// </summary>
public sealed class NodeReadAccess(CallerResolver callers, DirectoryStore directory)
{
    public async Task<NodeReadCheck> CheckAsync(HttpRequest request, string? nodeId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await callers.ResolveAsync(request, request.HttpContext.RequestAborted);
        if (!caller.IsAuthenticated)
        {
            return new NodeReadCheck(Problem.Unauthorized(), null, []);
        }

        if (string.IsNullOrWhiteSpace(nodeId))
        {
            return new NodeReadCheck(Problem.Field(StatusCodes.Status400BadRequest, "nodeId", "is required"), null, []);
        }

        var chain = await directory.ChainToCityAsync(nodeId, request.HttpContext.RequestAborted);
        var ids = chain?.Select(n => n.Id).ToList() ?? [];
        if (chain is null || !AccessPolicy.MayReadNode(caller, ids))
        {
            return new NodeReadCheck(Problem.NotFound($"No node {nodeId} that you may see."), null, []);
        }

        return new NodeReadCheck(null, chain[0], ids);
    }
}
