using Grassroots.Domain.Access;
using Grassroots.Functions.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Access;

/// <summary>Turns the authenticated principal into a <see cref="Caller"/> known to the directory. The only place that reads the principal header.</summary>
public sealed class CallerResolver(DirectoryStore directory, IOptions<AuthOptions> options, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>
    /// The caller as the token alone tells it (identity and app roles), without asking the directory: for the health
    /// endpoint, which must answer its admins while the table store is down.
    /// </summary>
    public Caller ResolveFromTokenOnly(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TrustedPrincipal(request) is { } principal
            ? new Caller(CallerKind.Unknown, principal.IdentityIds().FirstOrDefault(), null, null, [], principal.Roles().Contains(options.Value.AdminRole, StringComparer.Ordinal))
            : Caller.Anonymous;
    }

    public async Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var principal = TrustedPrincipal(request);
        if (principal is null)
        {
            return Caller.Anonymous;
        }

        var isAdmin = principal.Roles().Contains(options.Value.AdminRole, StringComparer.Ordinal);
        foreach (var identityId in principal.IdentityIds())
        {
            var (identity, person) = await directory.FindSignedInAsync(identityId, cancellationToken);
            if (identity?.Kind == IdentityRow.PersonKind)
            {
                // Read on every request at the directory's version now (no cache outlives an import): an identity the last
                // import removed has no rights from that moment, and a deputy answers for a node only while their cover lasts.
                var nodes = DirectoryStore.NodesAnsweredFor(person, clock.GetUtcNow());
                return new Caller(CallerKind.Person, identityId, identity.SubjectId, null, nodes, isAdmin, person?.Name);
            }

            if (identity?.Kind == IdentityRow.DepartmentKind)
            {
                return new Caller(CallerKind.Department, identityId, null, identity.SubjectId, [], isAdmin);
            }
        }

        return new Caller(CallerKind.Unknown, principal.IdentityIds().FirstOrDefault(), null, null, [], isAdmin);
    }

    private ClientPrincipal? TrustedPrincipal(HttpRequest request) =>
        PrincipalTrust.HeaderIsTrusted(options.Value, configuration)
            ? ClientPrincipal.Decode(request.Headers[ClientPrincipal.HeaderName].FirstOrDefault())
            : null;
}
