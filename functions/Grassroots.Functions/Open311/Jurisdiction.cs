using Grassroots.Domain;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Http;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Open311;

/// <summary>
/// <c>jurisdiction_id</c> is a city node's id: one endpoint can serve every city of the directory, and a city's
/// requests are read from that city's own work-queue partitions.
/// </summary>
public sealed class Jurisdiction(DirectoryStore directory, IOptions<Open311Options> options)
{
    public async Task<Checked<OrgNode>> ResolveAsync(Open311Format format, string? requested, CancellationToken cancellationToken)
    {
        var id = string.IsNullOrEmpty(requested) ? options.Value.JurisdictionId : requested;
        if (string.IsNullOrEmpty(id))
        {
            return Checked.Refused<OrgNode>(Open311Output.Errors(format, StatusCodes.Status400BadRequest, "jurisdiction_id was not provided (the id of a city)."));
        }

        var node = TableKeys.IsValid(id) && id.Length <= 64 ? await directory.FindNodeAsync(id, cancellationToken) : null;
        return node is { Tier: Tier.City }
            ? Checked.Passed(node)
            : Checked.Refused<OrgNode>(Open311Output.Errors(format, StatusCodes.Status404NotFound, $"jurisdiction_id {Printable(id)} was not found."));
    }

    /// <summary>The format named by a route's extension (json or xml), then the city asked of; a refusal in the spec's shape.</summary>
    public async Task<Checked<Open311Scope>> ScopeAsync(string? extension, string? requested, CancellationToken cancellationToken)
    {
        var format = Open311Output.Format(extension);
        if (format.Failed)
        {
            return Checked.Refused<Open311Scope>(format.Problem);
        }

        var city = await ResolveAsync(format.Value, requested, cancellationToken);
        return city.Failed ? Checked.Refused<Open311Scope>(city.Problem) : Checked.Passed(new Open311Scope(format.Value, city.Value));
    }

    /// <summary>Echoes an id from outside only when it is short and plain, so an error message never carries markup or control characters.</summary>
    public static string Printable(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : "(as sent)";
}
