using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.IntegrationTests.Notifications;
using Grassroots.LocalHost;
using Json.Schema;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// Holds real requests and answers to functions/Grassroots.Functions/OpenApi/openapi.json: the status must be one the
/// operation lists, and a JSON body must pass the schema the document gives for it (components become a JSON Schema
/// document of their own, so references between them and to the notification schemas resolve). A form-encoded request
/// is checked as the object of its fields; an XML answer is checked for its content type and for being well-formed
/// (the document describes it in words, not by a schema).
/// </summary>
public static class OpenApiContract
{
    private const string BaseUri = "https://grassroots.example/openapi.json";
    private static readonly JsonNode Document = JsonNode.Parse(
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "Grassroots.Functions", "OpenApi", "openapi.json")))!;

    private static readonly Lazy<bool> Registered = new(() =>
    {
        _ = NotificationSchemas.Kinds;
        var defs = Document["components"]!["schemas"]!.ToJsonString();
        JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"{{BaseUri}}","$defs":{{Local(defs)}}}""");
        return true;
    });

    /// <summary>Operations (<c>get /events/{id}</c>) and the statuses a test saw answered within the contract.</summary>
    public static IReadOnlyCollection<(string Operation, int Status)> Seen
    {
        get
        {
            lock (SeenSet)
            {
                return [.. SeenSet];
            }
        }
    }

    private static readonly HashSet<(string, int)> SeenSet = [];

    public static IEnumerable<string> Operations =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}"));

    /// <param name="requestContentType">The media type the request body was sent as; none is taken as JSON.</param>
    /// <returns>Null when the exchange keeps to the document, else what breaks it.</returns>
    public static string? Check(
        HttpMethod method, string requestPath, string? requestBody, int status, string? contentType, string responseBody, string? requestContentType = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestPath);
        _ = Registered.Value;
        var path = requestPath.StartsWith("http", StringComparison.Ordinal) ? new Uri(requestPath).AbsolutePath : requestPath.Split('?')[0];
        path = path.StartsWith("/api", StringComparison.Ordinal) ? path[4..] : path;
        var (template, operation) = Find(method.Method.ToLowerInvariant(), path);
        if (operation is null)
        {
            return $"{method} {path}: no operation in openapi.json";
        }

        if (requestBody is not null && status < 400 && RequestProblem(operation, requestBody, requestContentType) is { } requestProblem)
        {
            return $"{method} {template}: the accepted request body {requestProblem}";
        }

        var response = operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response?["$ref"] is { } reference)
        {
            response = Document["components"]!["responses"]![reference.GetValue<string>().Split('/')[^1]];
        }

        if (response is null)
        {
            return $"{method} {template}: status {status} is not listed";
        }

        var media = contentType ?? "";
        var content = response["content"];
        if (content is not null && content[media] is null)
        {
            return $"{method} {template} {status}: content type '{media}' is not listed";
        }

        if (content?[media]?["schema"] is { } schema && IsJson(responseBody, out var answered) && Validate(schema, answered) is { } problem)
        {
            return $"{method} {template} {status}: {problem}";
        }

        if (IsXml(media) && !IsWellFormedXml(responseBody))
        {
            return $"{method} {template} {status}: the {media} body is not well-formed XML";
        }

        lock (SeenSet)
        {
            SeenSet.Add(($"{method.Method.ToLowerInvariant()} {template}", status));
        }

        return null;
    }

    private static string? RequestProblem(JsonNode operation, string body, string? contentType)
    {
        var media = contentType ?? "application/json";
        var content = operation["requestBody"]?["content"];
        if (content is null)
        {
            return null;
        }

        if (content[media] is not { } described)
        {
            return $"was sent as '{media}', which the operation does not list";
        }

        var isForm = media == "application/x-www-form-urlencoded";
        if (described["schema"] is not { } schema || !(isForm ? TryForm(body, out var sent) : IsJson(body, out sent)))
        {
            return null;
        }

        return Validate(schema, sent) is { } problem ? "breaks the schema: " + problem : null;
    }

    /// <summary>The form's fields as a JSON object of strings, the shape its schema describes.</summary>
    private static bool TryForm(string body, out JsonElement element)
    {
        var fields = new JsonObject();
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((cut < 0 ? pair : pair[..cut]).Replace('+', ' '));
            fields[name] = Uri.UnescapeDataString(cut < 0 ? "" : pair[(cut + 1)..].Replace('+', ' '));
        }

        return IsJson(fields.ToJsonString(), out element);
    }

    private static bool IsXml(string media) => media.EndsWith("/xml", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal);

    private static bool IsWellFormedXml(string text)
    {
        try
        {
            _ = System.Xml.Linq.XDocument.Parse(text);
            return true;
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    private static (string Template, JsonNode? Operation) Find(string method, string path)
    {
        foreach (var (template, item) in Document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && item![method] is { } operation)
            {
                return (template, operation);
            }
        }

        return (path, null);
    }

    private static string? Validate(JsonNode schemaNode, JsonElement instance)
    {
        var schema = JsonSchema.FromText(Local(schemaNode.ToJsonString()).Replace("\"#/$defs/", $"\"{BaseUri}#/$defs/", StringComparison.Ordinal));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? null
            : string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }

    private static string Local(string json) => json.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

    private static bool IsJson(string text, out JsonElement element)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }
}
