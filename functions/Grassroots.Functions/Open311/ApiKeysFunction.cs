using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Grassroots.Functions.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Open311;

/// <summary>The body of POST /api/open311/keys.</summary>
public sealed record ApiKeyRequest
{
    public string? Channel { get; init; }
    public string? Label { get; init; }
}

/// <summary>
/// Admins issue and revoke Open311 API keys (native API, problem+json). A key names the reporting channel its requests
/// are captured as; it is shown once, in the answer that creates it, and only its hash is kept.
/// </summary>
public sealed class ApiKeysFunction(ApiKeyStore keys, AccessGate access, IOptions<IntakeOptions> intake)
{
    private const int MaxBodyBytes = 4096;
    private const int MaxLabel = 120;

    [Function("CreateOpen311Key")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "open311/keys")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = await access.KeyAdminAsync(request);
        if (admin.Failed)
        {
            return admin.Problem;
        }

        var body = await JsonRequestBody.ReadAsync<ApiKeyRequest>(request, MaxBodyBytes);
        if (body.Failed)
        {
            return body.Problem;
        }

        var channel = body.Value.Channel;
        if (string.IsNullOrEmpty(channel))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "channel", "is required");
        }

        if (!intake.Value.Channels.Contains(channel, StringComparer.Ordinal))
        {
            return Problem.Field(StatusCodes.Status422UnprocessableEntity, "channel", "is not a reporting channel of the platform");
        }

        if (body.Value.Label is { } label && (label.Length > MaxLabel || PlainText.Refusal(label, multiline: false) is not null))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "label", $"must be one line of at most {MaxLabel} characters");
        }

        var (key, keyId) = await keys.CreateAsync(channel, body.Value.Label, admin.Value.IdentityId ?? "", request.HttpContext.RequestAborted);
        var location = $"/api/open311/keys/{keyId}";
        return new CreatedResult(location, new { keyId, apiKey = key, channel, label = body.Value.Label });
    }

    [Function("RevokeOpen311Key")]
    public async Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "open311/keys/{keyId}")] HttpRequest request, string keyId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = await access.KeyAdminAsync(request);
        if (admin.Failed)
        {
            return admin.Problem;
        }

        if (!ApiKeyStore.IsKeyId(keyId))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, "keyId", "must be the 64 lowercase hex characters the key was created with");
        }

        return await keys.RevokeAsync(keyId, request.HttpContext.RequestAborted)
            ? new NoContentResult()
            : Problem.NotFound($"No API key {keyId}.");
    }
}
