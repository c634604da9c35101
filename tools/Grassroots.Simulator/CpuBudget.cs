namespace Grassroots.Simulator;

/// <summary>
/// What a run's reports cost in CPU on this machine, from the first report to the year's end, and how many reports
/// that leaves room for in a time budget. The store (Azurite) answers every request on one thread, so its share alone
/// bounds a run to one core's worth of it, whatever the rest does; store and process together bound it on all cores.
/// </summary>
/// <param name="StoreSeconds">CPU seconds of the store's process.</param>
/// <param name="ProcessSeconds">CPU seconds of the simulator's process: the Functions host with its durable engine, the
/// Service Bus broker, the counting proxy and the simulated people.</param>
public sealed record CpuBudget(double StoreSeconds, double ProcessSeconds, int Reports, double StorageRequests)
{
    public double StorePerReport => StoreSeconds / Math.Max(1, Reports);

    public double ProcessPerReport => ProcessSeconds / Math.Max(1, Reports);

    public double PerReport => StorePerReport + ProcessPerReport;

    public double StoreMillisecondsPerRequest => StoreSeconds * 1000 / Math.Max(1, StorageRequests);

    /// <summary>Reports the store can take in <paramref name="budget"/> with its one thread busy all the time.</summary>
    public double ReportsTheStoreCarries(TimeSpan budget) => StorePerReport > 0 ? budget.TotalSeconds / StorePerReport : double.PositiveInfinity;

    /// <summary>Reports the machine can take in <paramref name="budget"/> with every core busy all the time.</summary>
    public double ReportsTheMachineCarries(TimeSpan budget, int cores) => PerReport > 0 ? cores * budget.TotalSeconds / PerReport : double.PositiveInfinity;
}
