using Azure.Data.Tables;
using Azure;

namespace Grassroots.Functions.Directory;

/// <summary>
/// The org directory in the Directory table. Partitions: "node" (RowKey = node id), "department" (RowKey = department id),
/// "person" (RowKey = person id), "identity" (RowKey = the Entra object/app id a person or department signs in with), "version" (one row, the cache's version).
/// Every read is a point read.
/// </summary>
public static class DirectoryPartitions
{
    public const string Node = "node";
    public const string Department = "department";
    public const string Person = "person";
    public const string Identity = "identity";

    /// <summary>One row whose ETag is the directory's version: every import changes it (see DirectoryStore.ChangedAsync).</summary>
    public const string Version = "version";
}

public sealed class NodeRow : ITableEntity
{
    public string PartitionKey { get; set; } = DirectoryPartitions.Node;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Tier { get; set; } = "";
    public string? ParentId { get; set; }
    public string PersonId { get; set; } = "";
    public string PersonName { get; set; } = "";
    public string PersonRole { get; set; } = "";
    public string PersonContact { get; set; } = "";
    public string PersonIdentityId { get; set; } = "";
    public string NotificationTarget { get; set; } = "";

    /// <summary>The node's deputies and their cover (JSON list of <see cref="Grassroots.Domain.Deputy"/>).</summary>
    public string DeputiesJson { get; set; } = "[]";

    /// <summary>Units only, optional: the unit's area in the directory file's form (<see cref="Grassroots.Domain.Locations.UnitArea.ToJson"/>).</summary>
    public string? AreaJson { get; set; }
}

public sealed class DepartmentRow : ITableEntity
{
    public string PartitionKey { get; set; } = DirectoryPartitions.Department;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string QueueName { get; set; } = "";
    public string DispatchableByJson { get; set; } = "[]";
    public string ContactPersonId { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactRole { get; set; } = "";
    public string Contact { get; set; } = "";
    public string ContactIdentityId { get; set; } = "";
    public int ResolveWithinWorkingDays { get; set; }
}

public sealed class PersonRow : ITableEntity
{
    public string PartitionKey { get; set; } = DirectoryPartitions.Person;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string IdentityId { get; set; } = "";
    /// <summary>Nodes this person is responsible for.</summary>
    public string NodeIdsJson { get; set; } = "[]";

    /// <summary>Nodes this person covers as a deputy, with when (JSON list of <see cref="DeputyCover"/>).</summary>
    public string DeputyForJson { get; set; } = "[]";
}

/// <summary>A node a person covers as a deputy, and when: [From, Until).</summary>
public sealed record DeputyCover(string NodeId, DateTimeOffset From, DateTimeOffset Until)
{
    public bool Covers(DateTimeOffset at) => From <= at && at < Until;
}

public sealed class IdentityRow : ITableEntity
{
    public const string PersonKind = "person";
    public const string DepartmentKind = "department";

    public string PartitionKey { get; set; } = DirectoryPartitions.Identity;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";
    public string SubjectId { get; set; } = "";
}
