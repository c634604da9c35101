using System.Text.Json;
using Azure.Data.Tables;
using Azure;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>An event closed as a duplicate of another (the original).</summary>
public sealed record DuplicateLink(string DuplicateEventId, string OriginalEventId);

/// <summary>Links a duplicate from its original, so each side shows the other. Set semantics: a retry adds nothing twice.</summary>
public sealed class LinkDuplicateActivity(GrassrootsTables tables)
{
    public const string Name = "LinkDuplicate";

    [Function(Name)]
    public async Task Run([ActivityTrigger] DuplicateLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var table = await tables.GetAsync(TableNames.Events);
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<EventRow>(link.OriginalEventId, EventRow.RowKeyValue);
            if (!found.HasValue || found.Value is not { } original)
            {
                return;
            }

            var duplicates = JsonSerializer.Deserialize<List<string>>(original.DuplicatesJson) ?? [];
            if (duplicates.Contains(link.DuplicateEventId))
            {
                return;
            }

            duplicates.Add(link.DuplicateEventId);
            try
            {
                var change = new TableEntity(link.OriginalEventId, EventRow.RowKeyValue) { [nameof(EventRow.DuplicatesJson)] = JsonSerializer.Serialize(duplicates) };
                await table.UpdateEntityAsync(change, original.ETag, TableUpdateMode.Merge);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // The original changed meanwhile (its own orchestration wrote a step): read again and retry.
            }
        }
    }
}
