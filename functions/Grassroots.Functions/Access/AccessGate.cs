using System.Text.Json;
using Grassroots.Domain.Access;
using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Functions.Access;

/// <summary>An event one caller may see.</summary>
public sealed record VisibleEvent(Caller Caller, StoredEvent Event);

/// <summary>A node one caller may read, with its chain up to the city.</summary>
public sealed record ReadableNode(Caller Caller, OrgNode Node, IReadOnlyList<string> Chain);

/// <summary>
/// The one place an endpoint asks who is calling and what they may reach; the rules themselves are
/// <see cref="AccessPolicy"/>'s. No caller: 401. Something the caller may not see, or that does not exist: 404, the same
/// answer, so ids can't be probed (一张图: each tier sees what is under it, the city sees all).
/// </summary>
public sealed class AccessGate(CallerResolver callers, EventReader events, DirectoryStore directory)
{
    /// <summary>Anyone signed in: who they are (GET /api/me).</summary>
    public Task<Checked<Caller>> SignedInCallerAsync(HttpRequest request) => SignedInAsync(request);

    /// <summary>The caller's own inbox: people and departments of the directory.</summary>
    public Task<Checked<Caller>> InboxOwnerAsync(HttpRequest request) =>
        SignedInWhereAsync(request, AccessPolicy.HasInbox, "Only people and departments of the directory have an inbox.");

    /// <summary>Admins only (directory import).</summary>
    public Task<Checked<Caller>> AdminAsync(HttpRequest request) =>
        SignedInWhereAsync(request, AccessPolicy.MayImportDirectory, "Only admins import the directory and read its audit.");

    /// <summary>Admins only (Open311 API keys).</summary>
    public Task<Checked<Caller>> KeyAdminAsync(HttpRequest request) =>
        SignedInWhereAsync(request, AccessPolicy.MayManageApiKeys, "Only admins manage API keys.");

    private async Task<Checked<Caller>> SignedInWhereAsync(HttpRequest request, Func<Caller, bool> rule, string refusal)
    {
        var caller = await SignedInAsync(request);
        if (caller.Failed)
        {
            return caller;
        }

        return rule(caller.Value) ? caller : Problem.Forbidden(refusal);
    }

    /// <summary>The event, for the people on its chain, its departments and admins.</summary>
    public async Task<Checked<VisibleEvent>> EventAsync(HttpRequest request, string eventId)
    {
        var caller = await SignedInAsync(request);
        if (caller.Failed)
        {
            return Checked.Refused<VisibleEvent>(caller.Problem);
        }

        var stored = await events.FindAsync(eventId, request.HttpContext.RequestAborted);
        return stored is null || !AccessPolicy.MayReadEvent(caller.Value, stored.Chain, stored.DispatchedDepartmentIds)
            ? Problem.NotFound($"No event {eventId} that you may see.")
            : Checked.Passed(new VisibleEvent(caller.Value, stored));
    }

    /// <summary>A node's queues, figures, breaches and honour roll: for its people, the people above it and admins.</summary>
    public async Task<Checked<ReadableNode>> NodeAsync(HttpRequest request, string? nodeId)
    {
        var caller = await SignedInAsync(request);
        if (caller.Failed)
        {
            return Checked.Refused<ReadableNode>(caller.Problem);
        }

        if (string.IsNullOrWhiteSpace(nodeId))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "nodeId", "is required");
        }

        var chain = await directory.ChainToCityAsync(nodeId, request.HttpContext.RequestAborted);
        var ids = chain?.Select(n => n.Id).ToList() ?? [];
        return chain is null || !AccessPolicy.MayReadNode(caller.Value, ids)
            ? Problem.NotFound($"No node {nodeId} that you may see.")
            : Checked.Passed(new ReadableNode(caller.Value, chain[0], ids));
    }

    /// <summary>A person's breaches: for that person, anyone above one of their nodes, and admins.</summary>
    public async Task<Checked<Caller>> PersonAsync(HttpRequest request, string personId)
    {
        var caller = await SignedInAsync(request);
        if (caller.Failed)
        {
            return caller;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var person = TableKeys.IsValid(personId) ? await directory.FindPersonAsync(personId, cancellationToken) : null;
        var chains = new List<IReadOnlyList<string>>();
        foreach (var nodeId in person is null ? [] : JsonSerializer.Deserialize<List<string>>(person.NodeIdsJson) ?? [])
        {
            if (await directory.ChainToCityAsync(nodeId, cancellationToken) is { } chain)
            {
                chains.Add(chain.Select(n => n.Id).ToList());
            }
        }

        return TableKeys.IsValid(personId) && AccessPolicy.MayReadPerson(caller.Value, personId, chains)
            ? caller
            : Problem.NotFound($"No person {personId} that you may see.");
    }

    /// <summary>Whether the health answer may show dependency details and the build version, which help an attacker as much as an operator.</summary>
    public bool SeesHealthDetails(HttpRequest request) => AccessPolicy.MaySeeHealthDetails(callers.ResolveFromTokenOnly(request));

    private async Task<Checked<Caller>> SignedInAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await callers.ResolveAsync(request, request.HttpContext.RequestAborted);
        return caller.IsAuthenticated ? Checked.Passed(caller) : Problem.Unauthorized();
    }
}
