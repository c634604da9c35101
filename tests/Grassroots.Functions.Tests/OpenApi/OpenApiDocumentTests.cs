using System.Text.Json.Nodes;
using Grassroots.Functions.OpenApi;
using Grassroots.LocalHost;

namespace Grassroots.Functions.Tests.OpenApi;

/// <summary>The OpenAPI description is kept by hand, so these hold it to what the app really declares.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JsonNode Document = Load();

    public static TheoryData<string, string, string> HttpFunctions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var function in FunctionMetadata.Load(AppBuild.OutputDirectory).Where(f => f.Trigger?.Type == "httpTrigger"))
        {
            foreach (var method in function.Trigger!.Methods ?? [])
            {
                // A catch-all parameter ({*path}) is an ordinary path parameter to OpenAPI.
                data.Add(function.Name, method, function.Trigger.Route!.Replace("{*", "{", StringComparison.Ordinal));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Every_http_function_in_functions_metadata_has_its_operation_described(string name, string method, string route)
    {
        var operation = Document["paths"]?["/" + route]?[method.ToLowerInvariant()];
        Assert.True(operation is not null, $"{name}: {method.ToUpperInvariant()} /api/{route} is not in OpenApi/openapi.json");
        Assert.Equal(name, operation!["operationId"]!.GetValue<string>());
        Assert.NotEmpty(operation["responses"]!.AsObject());
    }

    [Fact]
    public void Every_described_operation_is_an_http_function_of_the_app()
    {
        var declared = HttpFunctions().Select(row => $"{((string)row[1]).ToLowerInvariant()} /{row[2]}").ToHashSet();
        var described = Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key} {path.Key}"));
        Assert.DoesNotContain(described, d => !declared.Contains(d));
    }

    [Fact]
    public void Every_reference_inside_the_document_names_a_component_it_holds()
    {
        var text = Document.ToJsonString();
        var missing = System.Text.RegularExpressions.Regex.Matches(text, "\"#/components/([a-zA-Z]+)/([a-zA-Z]+)\"")
            .Select(m => (Kind: m.Groups[1].Value, Name: m.Groups[2].Value))
            .Where(r => Document["components"]?[r.Kind]?[r.Name] is null)
            .Select(r => $"{r.Kind}/{r.Name}")
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_notification_kind_with_a_schema_is_referenced_from_the_document()
    {
        var kinds = System.IO.Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "schemas", "notifications"), "*.schema.json")
            .Select(f => Path.GetFileName(f).Replace(".schema.json", "", StringComparison.Ordinal));
        var referenced = Document["x-notifications"]!.AsObject().Select(n => n.Key);
        Assert.Equal(kinds.Order(), referenced.Order());
        foreach (var kind in kinds)
        {
            var name = Document["x-notifications"]![kind]!["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
            Assert.Equal($"https://grassroots.example/schemas/notifications/{kind}.schema.json", Document["components"]!["schemas"]![name]!["$ref"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_reporter_update_kind_with_a_schema_is_referenced_from_the_document()
    {
        var kinds = System.IO.Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "schemas", "reporter-updates"), "*.schema.json")
            .Select(f => Path.GetFileName(f).Replace(".schema.json", "", StringComparison.Ordinal)).ToList();
        var referenced = Document["x-reporter-updates"]!.AsObject().Select(n => n.Key);
        Assert.Equal(kinds.Order(), referenced.Order());
        foreach (var kind in kinds)
        {
            var name = Document["x-reporter-updates"]![kind]!["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
            Assert.Equal($"https://grassroots.example/schemas/reporter-updates/{kind}.schema.json", Document["components"]!["schemas"]![name]!["$ref"]!.GetValue<string>());
        }
    }

    private static JsonNode Load()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(OpenApiFunction.ResourceName)!;
        return JsonNode.Parse(stream)!;
    }
}
