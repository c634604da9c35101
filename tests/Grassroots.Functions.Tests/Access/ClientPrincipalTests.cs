using Grassroots.Functions.Access;

namespace Grassroots.Functions.Tests.Access;

/// <summary>appid/azp name the client application in every Entra token; they name the caller only when the app signed in as itself.</summary>
public sealed class ClientPrincipalTests
{
    private const string UserObjectId = "11111111-1111-1111-1111-111111111111";
    private const string DepartmentAppId = "dddddddd-dddd-dddd-dddd-dddddddddddd";
    private const string ServicePrincipalId = "55555555-5555-5555-5555-555555555555";
    private const string ObjectIdType = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private static ClientPrincipal Principal(params (string Type, string Value)[] claims) =>
        new("aad", claims.Select(c => new ClientPrincipalClaim(c.Type, c.Value)).ToList(), "roles");

    [Fact]
    public void A_user_signed_in_through_a_department_client_app_is_known_by_their_object_id_only()
    {
        // A delegated v2 token: scp present, azp = the department's client app.
        var principal = Principal((ObjectIdType, UserObjectId), ("sub", "pairwise-subject"), ("azp", DepartmentAppId), ("scp", "user_impersonation"));

        Assert.False(principal.IsAppOnly());
        Assert.Equal([UserObjectId], principal.IdentityIds());
    }

    [Fact]
    public void The_scope_claim_under_its_mapped_name_also_marks_a_user_token()
    {
        var principal = Principal(
            (ObjectIdType, UserObjectId), ("appid", DepartmentAppId), ("http://schemas.microsoft.com/identity/claims/scope", "user_impersonation"));

        Assert.Equal([UserObjectId], principal.IdentityIds());
    }

    [Fact]
    public void A_user_token_saying_idtyp_user_never_yields_the_app_id_even_without_scp()
    {
        var principal = Principal((ObjectIdType, UserObjectId), ("sub", UserObjectId), ("appid", DepartmentAppId), ("idtyp", "user"));

        Assert.Equal([UserObjectId], principal.IdentityIds());
    }

    [Fact]
    public void A_user_signed_in_to_the_app_itself_without_scp_is_not_taken_for_an_app()
    {
        // An ID token from the browser sign-in: no scp, and a user's sub is pairwise, never their object id.
        var principal = Principal((ObjectIdType, UserObjectId), ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "pairwise"), ("azp", DepartmentAppId));

        Assert.False(principal.IsAppOnly());
        Assert.Equal([UserObjectId], principal.IdentityIds());
    }

    [Fact]
    public void An_app_only_token_with_idtyp_app_is_known_by_its_object_id_and_then_its_app_id()
    {
        var principal = Principal(("oid", ServicePrincipalId), ("azp", DepartmentAppId), ("idtyp", "app"), ("roles", "Grassroots.Department"));

        Assert.True(principal.IsAppOnly());
        Assert.Equal([ServicePrincipalId, DepartmentAppId], principal.IdentityIds());
    }

    [Fact]
    public void An_app_only_token_without_idtyp_is_recognised_by_sub_equal_to_oid_and_no_scp()
    {
        var principal = Principal((ObjectIdType, ServicePrincipalId), ("sub", ServicePrincipalId), ("appid", DepartmentAppId));

        Assert.True(principal.IsAppOnly());
        Assert.Equal([ServicePrincipalId, DepartmentAppId], principal.IdentityIds());
    }

    [Fact]
    public void A_principal_with_only_an_app_id_and_nothing_saying_app_only_names_nobody()
    {
        var principal = Principal(("appid", DepartmentAppId));

        Assert.False(principal.IsAppOnly());
        Assert.Empty(principal.IdentityIds());
    }
}
