using Grassroots.LocalHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>One Azurite for the whole test run: reused if one is listening, else started in memory here and stopped at the end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? server;

    public async Task InitializeAsync() =>
        server = await AzuriteServer.EnsureRunningAsync(RepositoryRoot.Find(), location: null, NullLogger.Instance, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite integration";
}
