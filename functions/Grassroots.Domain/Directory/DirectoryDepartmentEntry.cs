namespace Grassroots.Domain;

/// <summary>A department as written in the directory file.</summary>
public sealed class DirectoryDepartmentEntry
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? QueueName { get; init; }
    public IReadOnlyList<string?>? DispatchableBy { get; init; }
    public DirectoryPersonEntry? Contact { get; init; }

    /// <summary>Absent means <see cref="Department.DefaultResolveWithinWorkingDays"/>.</summary>
    public int? ResolveWithinWorkingDays { get; init; }
}
