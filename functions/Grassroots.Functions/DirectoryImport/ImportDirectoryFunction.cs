using Grassroots.Domain.Access;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>POST /api/directory/import (admin): replaces the directory's nodes, departments and people from a directory file, all or nothing.</summary>
public sealed class ImportDirectoryFunction(DirectoryImporter importer, AccessGate access)
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    [Function("ImportDirectory")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "directory/import")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = await access.AdminAsync(request);
        if (admin.Failed)
        {
            return admin.Problem;
        }

        var document = await JsonRequestBody.ReadAsync(request, MaxBodyBytes);
        if (document.Failed)
        {
            return document.Problem;
        }

        string json;
        using (document.Value)
        {
            json = document.Value.RootElement.GetRawText();
        }

        try
        {
            var result = await importer.ImportAsync(json, request.HttpContext.RequestAborted);
            return new OkObjectResult(result);
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
