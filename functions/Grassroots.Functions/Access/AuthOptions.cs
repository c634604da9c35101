namespace Grassroots.Functions.Access;

/// <summary>Settings under <c>Grassroots:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Grassroots:Auth";

    /// <summary>
    /// <see cref="AuthMode.EasyAuth"/> (default): the principal header is trusted only when App Service Authentication
    /// is on in front of the app (the platform strips any copy a client sends). <see cref="AuthMode.Development"/>:
    /// local runs and tests send the same header themselves; the app refuses to start this way outside Development.
    /// </summary>
    public AuthMode Mode { get; set; } = AuthMode.EasyAuth;

    /// <summary>The Entra app role that makes a caller an admin (directory import, every node's figures).</summary>
    public string AdminRole { get; set; } = "Grassroots.Admin";
}
