using Grassroots.Domain;
using Grassroots.Functions.Access;

namespace Grassroots.LocalHost;

/// <summary>
/// The <c>X-MS-CLIENT-PRINCIPAL</c> header App Service Authentication would add for someone in the directory, for local
/// runs in development principal mode: staff calls need one, and a newcomer should not have to assemble base64 JSON.
/// </summary>
public static class DevelopmentPrincipal
{
    public const string Verb = "principal";

    /// <summary>The admin of local runs and tests: an identity outside the directory holding the admin role.</summary>
    public const string AdminIdentity = "00000000-0000-0000-0000-00000000a0a0";

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <param name="who">A person id (<c>p-bantou</c>), a node id (its responsible person), a department id (the department's app) or <c>admin</c>.</param>
    /// <returns>The header's value, or null when the directory names no such person, node or department.</returns>
    public static string? For(DirectoryDocument directory, string who, string adminRole)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (who == "admin")
        {
            return ForAdmin(adminRole);
        }

        var nodes = (directory.Nodes ?? []).OfType<DirectoryNodeEntry>().ToList();
        var person = nodes.FirstOrDefault(n => n.Id == who)?.Responsible
            ?? nodes.Select(n => n.Responsible).FirstOrDefault(r => r?.PersonId == who);
        if (person?.IdentityId is { } personIdentity)
        {
            return ForPerson(personIdentity);
        }

        var department = (directory.Departments ?? []).FirstOrDefault(d => d?.Id == who);
        return department?.Contact?.IdentityId is { } appId ? ForDepartment(appId) : null;
    }

    public static string ForAdmin(string adminRole) => Encode((ObjectIdClaim, AdminIdentity), ("roles", adminRole));

    /// <summary>A person signed in with their Entra object id.</summary>
    public static string ForPerson(string identityId) => Encode((ObjectIdClaim, identityId));

    /// <summary>A department's system signs in as itself (client credentials): only then does its app id name it.</summary>
    public static string ForDepartment(string appId) => Encode(("appid", appId), ("idtyp", "app"));

    /// <summary>Runs <c>principal &lt;id&gt;</c>: prints the header, or why there is none, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 2)
        {
            error.WriteLine("usage: principal <person id | node id | department id | admin>   (prints the X-MS-CLIENT-PRINCIPAL header of development mode)");
            return 2;
        }

        var file = Environment.GetEnvironmentVariable("LocalHost__DirectoryFile") is { } configured && configured != "none"
            ? configured
            : Path.Combine(RepositoryRoot.Find(), "config", "putian-directory.json");
        var header = For(DirectoryDocument.Parse(File.ReadAllText(file)), args[1], Environment.GetEnvironmentVariable("Grassroots__Auth__AdminRole") ?? "Grassroots.Admin");
        if (header is null)
        {
            error.WriteLine($"{file} names no person, node or department '{args[1]}'.");
            return 1;
        }

        output.WriteLine(header);
        return 0;
    }

    private static string Encode(params (string Type, string Value)[] claims) =>
        new ClientPrincipal("aad", claims.Select(c => new ClientPrincipalClaim(c.Type, c.Value)).ToList(), "roles").Encode();
}
