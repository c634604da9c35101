namespace Grassroots.Functions.Reporting;

/// <summary>A projection table the read model keeps.</summary>
public enum ProjectionTable
{
    NodeFigures,
    PeopleMonthly,
}

/// <summary>
/// Add the deltas to one counter row, once: the marker row, in the same partition, is inserted in the same transaction,
/// so a second attempt finds the marker and changes nothing. Labels are plain values copied onto the counter row.
/// </summary>
public sealed record CounterUpdate(
    ProjectionTable Table,
    string Partition,
    string MarkerKey,
    string CounterKey,
    IReadOnlyDictionary<string, long> Deltas,
    IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>Put (Row set) or remove (Row null) one work-queue row. Both are idempotent by nature: same key, same content.</summary>
public sealed record QueueUpdate(string Partition, string RowKey, WorkQueueRow? Row);

/// <summary>Everything one recorded step changes in the read model.</summary>
public sealed record ProjectionPlan(IReadOnlyList<CounterUpdate> Counters, IReadOnlyList<QueueUpdate> Queue)
{
    public static ProjectionPlan Empty { get; } = new([], []);
}
