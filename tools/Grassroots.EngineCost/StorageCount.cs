namespace Grassroots.EngineCost;

/// <summary>Storage requests per resource over a stretch of the run, and what part of them the run itself caused.</summary>
public sealed class StorageCount(IReadOnlyDictionary<StorageResource, double> perResource)
{
    public IReadOnlyDictionary<StorageResource, double> PerResource { get; } = perResource;

    public double Total => PerResource.Values.Sum();

    public double Of(StorageOwner owner) => PerResource.Where(p => p.Key.Owner == owner).Sum(p => p.Value);

    /// <summary>The requests made between two snapshots.</summary>
    public static StorageCount Between(IReadOnlyDictionary<StorageResource, int> before, IReadOnlyDictionary<StorageResource, int> after) =>
        new(after.ToDictionary(a => a.Key, a => (double)(a.Value - before.GetValueOrDefault(a.Key))));

    /// <summary>Takes another count away, resource by resource (never below zero: a resource that did less than idle did nothing extra).</summary>
    public StorageCount Minus(StorageCount other, double times = 1) =>
        new(PerResource.ToDictionary(p => p.Key, p => Math.Max(0, p.Value - times * other.PerResource.GetValueOrDefault(p.Key))));

    public StorageCount DividedBy(double n) => new(PerResource.ToDictionary(p => p.Key, p => p.Value / n));
}
