using System.Text.Json;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.DirectoryImport;

/// <summary>One audited import as the admin reads it.</summary>
public sealed record DirectoryImportView(string ImportId, string ImportedBy, DateTimeOffset ImportedAt, bool Applied, DirectoryChanges? Changes, IReadOnlyList<MovedEvent> Moved,
    IReadOnlyList<MovedDispatch> MovedDispatches);

/// <summary>GET /api/directory/imports[?top=n] (admin): the audit of directory imports, newest first.</summary>
public sealed class ListDirectoryImportsFunction(DirectoryImporter importer, AccessGate access)
{
    private const int DefaultTop = 50;
    private const int MaxTop = 200;

    [Function("ListDirectoryImports")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "directory/imports")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = await access.AdminAsync(request);
        if (admin.Failed)
        {
            return admin.Problem;
        }

        var top = DefaultTop;
        var asked = request.Query["top"];
        if (asked.Count > 1 || (asked.Count == 1 && (!int.TryParse(asked[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop)))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "top", $"must be given at most once, a whole number from 1 to {MaxTop}");
        }

        var rows = await importer.AuditAsync(top, request.HttpContext.RequestAborted);
        return new OkObjectResult(new
        {
            imports = rows.Select(r => new DirectoryImportView(
                r.ImportId, r.ImportedBy, r.ImportedAt, r.Applied,
                JsonSerializer.Deserialize<DirectoryChanges>(r.ChangesJson, JsonSerializerOptions.Web),
                JsonSerializer.Deserialize<List<MovedEvent>>(r.MovedJson, JsonSerializerOptions.Web) ?? [],
                JsonSerializer.Deserialize<List<MovedDispatch>>(r.MovedDispatchesJson, JsonSerializerOptions.Web) ?? [])).ToList(),
        });
    }
}
