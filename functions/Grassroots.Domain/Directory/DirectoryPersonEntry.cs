namespace Grassroots.Domain;

/// <summary>A person as written in the directory file. Every field is optional here so the validator can name what is missing.</summary>
public sealed class DirectoryPersonEntry
{
    public string? PersonId { get; init; }
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? Contact { get; init; }
    public string? IdentityId { get; init; }
}
