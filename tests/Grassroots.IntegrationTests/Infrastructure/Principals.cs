using Grassroots.Functions.Access;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>Principal headers with the claims Easy Auth passes on from real Entra tokens, for the cases where the kind of token matters.</summary>
public static class Principals
{
    private const string ObjectIdType = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>A user signed in through a department's client app: a delegated token, so it carries scp and the app as azp.</summary>
    public static string UserThroughClientApp(string userObjectId, string clientAppId) => Encode(
        (ObjectIdType, userObjectId), ("sub", "pairwise-" + userObjectId), ("azp", clientAppId), ("scp", "user_impersonation"));

    /// <summary>An app signed in as itself (client credentials), known to the directory by its app id.</summary>
    public static string AppOnly(string servicePrincipalObjectId, string appId) => Encode(
        (ObjectIdType, servicePrincipalObjectId), ("sub", servicePrincipalObjectId), ("azp", appId), ("idtyp", "app"));

    private static string Encode(params (string Type, string Value)[] claims) =>
        new ClientPrincipal("aad", claims.Select(c => new ClientPrincipalClaim(c.Type, c.Value)).ToList(), "roles").Encode();
}
