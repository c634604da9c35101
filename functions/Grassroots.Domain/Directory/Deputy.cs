namespace Grassroots.Domain;

/// <summary>A person on duty (值班) for a node in place of its responsible person, from <paramref name="From"/> until just before <paramref name="Until"/>.</summary>
public sealed record Deputy(ResponsiblePerson Person, DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>The longest cover one entry may give: leave longer than a year is a new responsible person, not a deputy.</summary>
    public static readonly TimeSpan MaxCover = TimeSpan.FromDays(366);

    /// <summary>At most this many deputies per node, so the node row and the on-duty check stay small.</summary>
    public const int MaxPerNode = 10;

    public bool Covers(DateTimeOffset at) => From <= at && at < Until;
}
