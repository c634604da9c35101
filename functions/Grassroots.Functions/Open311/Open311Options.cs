namespace Grassroots.Functions.Open311;

/// <summary>Settings under <c>Grassroots:Open311</c>.</summary>
public sealed class Open311Options
{
    public const string SectionName = "Grassroots:Open311";

    /// <summary>
    /// The city node a request without <c>jurisdiction_id</c> belongs to. Not set: every request must name its
    /// jurisdiction (a city node id), as the spec asks of an endpoint serving several.
    /// </summary>
    public string? JurisdictionId { get; set; }
}
