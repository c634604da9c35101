using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.OpenApi;

/// <summary>
/// GET /api/openapi.json: the HTTP API described for integrators (reporting channels, department systems). The document
/// is kept by hand beside this file and embedded; tests hold it to functions.metadata and to real requests and answers.
/// </summary>
public sealed class OpenApiFunction
{
    public const string ResourceName = "Grassroots.Functions.OpenApi.openapi.json";

    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(ResourceName + " is not embedded in the app.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly string document = Document.Value;

    [Function("GetOpenApi")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { Content = document, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
