using Azure;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>Charges a missed deadline to the responsible person, exactly once per missed deadline.</summary>
public sealed class ChargeBreachActivity(GrassrootsTables tables, ProjectionWriter projections)
{
    public const string Name = "ChargeBreach";

    [Function(Name)]
    public async Task Run([ActivityTrigger] BreachRecord breach)
    {
        ArgumentNullException.ThrowIfNull(breach);
        var table = await tables.GetAsync(TableNames.Breaches);
        try
        {
            await table.AddEntityAsync(new BreachRow
            {
                PartitionKey = breach.PersonId,
                RowKey = BreachRow.KeyFor(breach.EventId, breach.Sequence),
                EventId = breach.EventId,
                Kind = breach.Kind,
                Tier = breach.Tier,
                NodeId = breach.NodeId,
                PersonId = breach.PersonId,
                PersonName = breach.PersonName,
                DeadlineUtc = breach.DeadlineUtc,
                DetectedAt = breach.DetectedAt,
            });
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already charged by an earlier attempt of this step.
        }

        await projections.ProjectAsync(breach);
    }
}
