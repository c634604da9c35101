using Grassroots.Functions.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Open311;

/// <summary>
/// GeoReport v2 GET Service List and GET Service Definition: the intake's categories are the services. No category
/// asks for extra fields yet, so every service says <c>metadata: false</c> and its definition has no attributes.
/// </summary>
public sealed class ServicesFunction(IOptions<IntakeOptions> intake, Jurisdiction jurisdiction)
{
    [Function("Open311Services")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open311/v2/services.{format}")] HttpRequest request, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await jurisdiction.ScopeAsync(format, request.Query["jurisdiction_id"], request.HttpContext.RequestAborted);
        if (scope.Failed)
        {
            return scope.Problem;
        }

        var f = scope.Value.Format;

        return Open311Output.List(f, "services", "service", intake.Value.Categories.Select(Service));
    }

    [Function("Open311ServiceDefinition")]
    public async Task<IActionResult> Definition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open311/v2/services/{serviceCode}.{format}")] HttpRequest request,
        string serviceCode, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await jurisdiction.ScopeAsync(format, request.Query["jurisdiction_id"], request.HttpContext.RequestAborted);
        if (scope.Failed)
        {
            return scope.Problem;
        }

        var f = scope.Value.Format;

        if (!intake.Value.Categories.Contains(serviceCode, StringComparer.Ordinal))
        {
            return Open311Output.Errors(f, StatusCodes.Status404NotFound, $"service_code {Jurisdiction.Printable(serviceCode)} was not found.");
        }

        return Open311Output.Definition(f, "service_definition",
            new Open311Record().Add("service_code", serviceCode).Add("attributes", Array.Empty<Open311Record>()));
    }

    private static Open311Record Service(string category) => new Open311Record()
        .Add("service_code", category)
        .Add("service_name", category)
        .Add("description", $"Residents' problems of the category '{category}', reviewed tier by tier from the unit up.")
        .Add("metadata", false)
        .Add("type", "realtime")
        .Add("keywords", category)
        .Add("group", category);
}
