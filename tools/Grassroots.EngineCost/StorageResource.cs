using System.Text.RegularExpressions;

namespace Grassroots.EngineCost;

/// <summary>Who a storage request works for: the durable engine (its task hub) or the app (its table prefix).</summary>
public enum StorageOwner
{
    Engine,
    App,
    /// <summary>Account-level calls: listing or creating tables and queues.</summary>
    Account,
}

/// <summary>One table, queue or blob container a request touched, and whose it is.</summary>
public sealed partial record StorageResource(string Service, string Name, StorageOwner Owner)
{
    /// <summary>
    /// Names the resource from a path-style Azurite URL (<c>/devstoreaccount1/{resource}…</c>). A table batch and a
    /// table creation name their table only in the body: the batch's first sub-request URL, the creation's <c>TableName</c>.
    /// </summary>
    public static StorageResource Classify(string service, string path, string? body, string hubName, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrEmpty(hubName);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = segments.Length > 1 ? segments[1] : "";
        if (first == "$batch" && body is not null && SubRequestTable().Match(body) is { Success: true } batch)
        {
            first = batch.Groups["table"].Value;
        }
        else if (first == "Tables" && body is not null && CreatedTable().Match(body) is { Success: true } creation)
        {
            first = creation.Groups["table"].Value;
        }

        var name = first.Split('(')[0];
        var owner =
            name.StartsWith(hubName, StringComparison.OrdinalIgnoreCase) ? StorageOwner.Engine :
            tablePrefix.Length > 0 && name.StartsWith(tablePrefix, StringComparison.Ordinal) ? StorageOwner.App :
            StorageOwner.Account;
        return new StorageResource(service, owner == StorageOwner.Account && name.Length == 0 ? "(account)" : name, owner);
    }

    [GeneratedRegex(@"(?:POST|PUT|PATCH|MERGE|DELETE|GET) https?://[^/\s]+/[^/\s]+/(?<table>[A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex SubRequestTable();

    [GeneratedRegex(@"""TableName""\s*:\s*""(?<table>[A-Za-z][A-Za-z0-9]*)""")]
    private static partial Regex CreatedTable();
}
