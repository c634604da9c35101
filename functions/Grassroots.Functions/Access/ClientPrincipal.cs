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
    private const string ScopeClaim = "http://schemas.microsoft.com/identity/claims/scope";
    private const string SubjectClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

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

    /// <summary>
    /// Ids this caller may be known by in the directory: the object id, then, for an app signed in as itself only, the
    /// app id. <c>appid</c> (v1) and <c>azp</c> (v2) name the client application in every token, also when a user signs
    /// in through it: read for a user, they would let anyone signed in through a department's client app act as that
    /// department.
    /// </summary>
    public IEnumerable<string> IdentityIds()
    {
        var objectIds = Values(ObjectIdClaim).Concat(Values("oid"));
        var appIds = IsAppOnly() ? Values("appid").Concat(Values("azp")) : [];
        return objectIds.Concat(appIds).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the token is app-only (client credentials). Entra's optional <c>idtyp</c> claim says so outright
    /// (<c>app</c> or <c>user</c>). Without it: a delegated token carries <c>scp</c>, and in an app-only token the subject
    /// is the service principal itself, so <c>sub</c> equals <c>oid</c> (Microsoft identity platform, "Protected web API:
    /// verify scopes and app roles"); a user's <c>sub</c> is pairwise per application and never equals their <c>oid</c>.
    /// </summary>
    public bool IsAppOnly()
    {
        var tokenType = Values("idtyp").FirstOrDefault();
        if (tokenType is not null)
        {
            return string.Equals(tokenType, "app", StringComparison.OrdinalIgnoreCase);
        }

        if (Values("scp").Concat(Values(ScopeClaim)).Any())
        {
            return false;
        }

        var objectId = Values(ObjectIdClaim).Concat(Values("oid")).FirstOrDefault();
        var subject = Values("sub").Concat(Values(SubjectClaim)).FirstOrDefault();
        return objectId is not null && string.Equals(objectId, subject, StringComparison.OrdinalIgnoreCase);
    }

    public IEnumerable<string> Roles() => Values(RoleType ?? "roles").Concat(Values("roles")).Distinct(StringComparer.Ordinal);

    private IEnumerable<string> Values(string type) =>
        (Claims ?? []).Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Value)).Select(c => c.Value!);
}

public sealed record ClientPrincipalClaim(
    [property: JsonPropertyName("typ")] string? Type,
    [property: JsonPropertyName("val")] string? Value);
