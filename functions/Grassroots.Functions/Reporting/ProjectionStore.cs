using Azure.Data.Tables;
using Azure;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// Applies a projection plan from an activity. Each counter update is one transaction in its partition: insert the
/// marker, and replace the counter row under its ETag. A marker already there means an earlier attempt applied it;
/// an ETag clash means another event updated the same counter meanwhile, so the update is read and tried again.
/// </summary>
public sealed class ProjectionStore(GrassrootsTables tables)
{
    private const int MaxAttempts = 50;

    public static string TableName(ProjectionTable table) => table switch
    {
        ProjectionTable.NodeFigures => TableNames.NodeFigures,
        ProjectionTable.PeopleMonthly => TableNames.PeopleMonthly,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    public async Task ApplyAsync(ProjectionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Partitions are independent; within one, updates go in order so two updates of one row don't race each other.
        var counters = plan.Counters
            .GroupBy(c => (c.Table, c.Partition))
            .Select(async group =>
            {
                var table = await tables.GetAsync(TableName(group.Key.Table));
                foreach (var update in group)
                {
                    await ApplyOnceAsync(table, update, cancellationToken);
                }
            });
        var queue = plan.Queue
            .GroupBy(q => q.Partition)
            .Select(async group =>
            {
                var table = await tables.GetAsync(TableNames.WorkQueue);
                foreach (var update in group)
                {
                    await ApplyAsync(table, update, cancellationToken);
                }
            });
        await Task.WhenAll(counters.Concat(queue));
    }

    /// <returns>True when this call applied the update; false when an earlier attempt already had.</returns>
    public static async Task<bool> ApplyOnceAsync(TableClient table, CounterUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(update.Partition, update.CounterKey, cancellationToken: cancellationToken);
            var counter = current.HasValue && current.Value is { } existing ? existing : new TableEntity(update.Partition, update.CounterKey);
            Add(counter, update.Deltas, update.Labels);
            var marker = new TableEntity(update.Partition, update.MarkerKey) { ["CounterKey"] = update.CounterKey };
            TableTransactionAction counterAction = current.HasValue
                ? new(TableTransactionActionType.UpdateReplace, counter, counter.ETag)
                : new(TableTransactionActionType.Add, counter);
            try
            {
                await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, marker), counterAction], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
            {
                return false;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another event's update got there first; read the new value and try again.
                await Task.Delay(Random.Shared.Next(5, 20 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    /// <summary>Adds deltas to a counter row held in memory and copies the labels onto it.</summary>
    public static void Add(TableEntity counter, IReadOnlyDictionary<string, long> deltas, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(deltas);
        foreach (var (name, delta) in deltas)
        {
            counter[name] = (counter.GetInt64(name) ?? 0) + delta;
        }

        foreach (var (name, value) in labels ?? new Dictionary<string, string>())
        {
            counter[name] = value;
        }
    }

    private static async Task ApplyAsync(TableClient table, QueueUpdate update, CancellationToken cancellationToken)
    {
        if (update.Row is { } row)
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        try
        {
            await table.DeleteEntityAsync(update.Partition, update.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never listed there, or removed by an earlier attempt.
        }
    }
}
