using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>
/// POST /api/directory/import[?dryRun=true] (admin): replaces the directory with a directory file, all or nothing, and
/// answers what it added, changed and removed. A dry run answers the same and writes nothing.
/// </summary>
public sealed class ImportDirectoryFunction(DirectoryImporter importer, AccessGate access)
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    [Function("ImportDirectory")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "directory/import")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durableClient);
        var admin = await access.AdminAsync(request);
        if (admin.Failed)
        {
            return admin.Problem;
        }

        var dryRun = ImportRequest.DryRun(request);
        if (dryRun.Failed)
        {
            return dryRun.Problem;
        }

        var document = await JsonRequestBody.ReadAsync(request, MaxBodyBytes);
        if (document.Failed)
        {
            return document.Problem;
        }

        string json;
        Checked<DirectoryMoves> moves;
        using (document.Value)
        {
            json = document.Value.RootElement.GetRawText();
            moves = ImportRequest.Moves(document.Value.RootElement);
        }

        if (moves.Failed)
        {
            return moves.Problem;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            var outcome = await importer.ImportAsync(json, moves.Value, dryRun.Value, admin.Value.IdentityId ?? "unknown",
                // Once the directory is written the signals go out even if the caller hung up: they are what tells the escalations.
                (eventId, importId) => durableClient.RaiseEventAsync(eventId, TierReviewRace.DirectoryChangedEventName, new DirectoryChangeSignal(importId), CancellationToken.None),
                cancellationToken);
            if (outcome.Result is { } result)
            {
                return new OkObjectResult(result);
            }

            var conflict = Problem.Conflict(
                "The import removes nodes or departments that still have open work; nothing was imported. " +
                "Name where each removed node's events move in moves.nodes (a node of the same tier), and where each removed department's open dispatches move in moves.departments (a department the import keeps).");
            ((ProblemDetails)conflict.Value!).Extensions["openWork"] = outcome.Blocked;
            return conflict;
        }
        catch (DirectoryFormatException ex)
        {
            return Refused(ex.Problems);
        }
        catch (InvalidDirectoryException ex)
        {
            return Refused(ex.Problems);
        }
    }

    private static ObjectResult Refused(IReadOnlyList<DirectoryProblem> problems) =>
        Problem.Create(StatusCodes.Status422UnprocessableEntity, "The directory was refused whole; nothing was imported.",
            $"{problems.Count} problem(s) found.",
            problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
}
