using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Http;

/// <summary>Reads a JSON body at the edge: content type, size limit and syntax are checked before anything else.</summary>
public static class JsonRequestBody
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <returns>The parsed document, or a problem result to send back.</returns>
    public static async Task<Checked<JsonDocument>> ReadAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.ContentType;
        if (contentType is null || !IsJson(contentType))
        {
            return Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                "Send the body as application/json.", new Dictionary<string, string[]> { ["Content-Type"] = ["must be application/json"] });
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            // Chunked bodies carry no Content-Length: count what arrives.
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return Checked.Passed(JsonDocument.Parse(buffer.ToArray()));
        }
        catch (JsonException ex)
        {
            // The parser's own message is not part of our contract; the position is all a client needs.
            var at = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return Problem.Create(StatusCodes.Status400BadRequest, "Malformed JSON.",
                $"The body is not valid JSON{at}.", new Dictionary<string, string[]> { ["body"] = ["is not valid JSON"] });
        }
    }

    /// <summary>Reads and binds the body to <typeparamref name="T"/>: wrong types and fields the contract does not have are 400s naming the field.</summary>
    /// <returns>The bound body, or a problem result to send back.</returns>
    public static async Task<Checked<T>> ReadAsync<T>(HttpRequest request, int maxBytes)
        where T : class
    {
        var document = await ReadAsync(request, maxBytes);
        if (document.Failed)
        {
            return Checked.Refused<T>(document.Problem);
        }

        using (document.Value)
        {
            // The contract is checked against the body first, so that a refusal names the field in the API's words;
            // System.Text.Json's messages name our .NET types, which are no business of a client.
            if (JsonContractCheck.FirstMismatch(document.Value.RootElement, SerializerOptions.GetTypeInfo(typeof(T))) is { } mismatch)
            {
                return Problem.Field(StatusCodes.Status400BadRequest, mismatch.Path, mismatch.Reason);
            }

            try
            {
                return document.Value.Deserialize<T>(SerializerOptions) is { } body
                    ? Checked.Passed(body)
                    : Problem.Field(StatusCodes.Status400BadRequest, "body", "must be a JSON object");
            }
            catch (JsonException ex)
            {
                var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
                return Problem.Field(StatusCodes.Status400BadRequest, field, "has a value of the wrong type");
            }
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static ObjectResult TooLarge(int maxBytes) =>
        Problem.Create(StatusCodes.Status413PayloadTooLarge, "Body too large.", $"The body may be at most {maxBytes} bytes.",
            new Dictionary<string, string[]> { ["body"] = [$"larger than {maxBytes} bytes"] });
}
