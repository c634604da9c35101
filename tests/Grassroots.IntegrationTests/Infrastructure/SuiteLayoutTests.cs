using System.Reflection;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// A test host configured with the development connection starts Azurite on the shared ports when none is listening, and
/// stops it when it is disposed. A class outside the Azurite collection can run first, so its host would own the store the
/// whole suite then uses and take it away when its tests end (seen once: a fresh-clone run whose later tests all lost
/// their data). Only classes that use no shared Azurite may run beside the collection.
/// </summary>
public class SuiteLayoutTests
{
    /// <summary>Classes that run beside the collection: each on an Azurite of its own on free ports, or on none.</summary>
    private static readonly Type[] BesideTheCollection =
    [
        typeof(LocalHost.QuietConsoleTests),
        typeof(Notifications.NotificationContractTests),
        typeof(SuiteLayoutTests),
    ];

    [Fact]
    public void Every_test_class_that_may_start_a_host_on_the_shared_Azurite_runs_in_a_collection()
    {
        var outside = typeof(SuiteLayoutTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .Where(t => t.GetCustomAttribute<CollectionAttribute>() is null)
            .Except(BesideTheCollection)
            .Select(t => t.FullName);

        Assert.Empty(outside);
    }
}
