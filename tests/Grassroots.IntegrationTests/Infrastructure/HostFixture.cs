namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>One local host shared by the tests of a class (starting one takes a few seconds).</summary>
public class HostFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync() => Host = await TestHost.StartAsync(Settings);

    /// <summary>Stops the host, then fails the class if any message its tests made the app publish broke the contract.</summary>
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Host.Notifications.AssertAllValid();
    }
}
