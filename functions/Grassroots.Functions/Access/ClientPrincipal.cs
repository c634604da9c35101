using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;

namespace Grassroots.Functions.Access;

/// <summary>The <c>X-MS-CLIENT-PRINCIPAL</c> header App Service Authentication adds: base64 JSON of the caller's claims.</summary>
public sealed record ClientPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
    [property: JsonPropertyName("claims")] IReadOnlyList<ClientPrincipalClaim>? Claims,
    [property: JsonPropertyName("role_typ")] string? RoleType)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public static ClientPrincipal? Decode(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));

    /// <summary>Ids this caller may be known by in the directory: the object id, then the app id (client-credential callers).</summary>
    public IEnumerable<string> IdentityIds() =>
        Values(ObjectIdClaim).Concat(Values("oid")).Concat(Values("appid")).Concat(Values("azp")).Distinct(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Roles() => Values(RoleType ?? "roles").Concat(Values("roles")).Distinct(StringComparer.Ordinal);

    private IEnumerable<string> Values(string type) =>
        (Claims ?? []).Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Value)).Select(c => c.Value!);
}

public sealed record ClientPrincipalClaim(
    [property: JsonPropertyName("typ")] string? Type,
    [property: JsonPropertyName("val")] string? Value);
