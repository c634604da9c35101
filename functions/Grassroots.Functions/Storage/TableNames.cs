namespace Grassroots.Functions.Storage;

/// <summary>The tables this app owns. Each is documented in docs/tables.md with its keys and the requests that use it.</summary>
public static class TableNames
{
    public const string Events = "Events";
    public const string IdempotencyKeys = "IdempotencyKeys";
    public const string TrackingTokens = "TrackingTokens";
    public const string Directory = "Directory";
    public const string Breaches = "Breaches";
    public const string WorkQueue = "WorkQueue";
    public const string NodeFigures = "NodeFigures";
    public const string PeopleMonthly = "PeopleMonthly";

    /// <summary>What waits for each node's review and each department's report now, soonest deadline first.</summary>
    public const string Inbox = "Inbox";
    public const string NotificationOutbox = "NotificationOutbox";

    /// <summary>Open311 API keys, by hash, with the channel each one captures as.</summary>
    public const string Open311Keys = "Open311Keys";

    /// <summary>The open-events index the watchdog reads, and the events it has under repair.</summary>
    public const string Supervision = "Supervision";

    /// <summary>The audit of directory imports: who, when, what changed.</summary>
    public const string DirectoryImports = "DirectoryImports";

    /// <summary>The index from a map cell to the units whose area touches it, written by the directory import.</summary>
    public const string UnitAreaCells = "UnitAreaCells";

    public static IReadOnlyList<string> All { get; } = [Events, IdempotencyKeys, TrackingTokens, Directory, Breaches, WorkQueue, NodeFigures, PeopleMonthly, NotificationOutbox, Supervision, DirectoryImports, Open311Keys, UnitAreaCells, Inbox];
}
