using Grassroots.Domain;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// A local host that fails during start-up (its directory is seeded before it listens, so a broken directory file
/// fails it before its worker ever connected to the durable engine) reports the directory's error and leaves the
/// process able to start the next host: the engine is torn down without stopping a storage provider that never started.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class FailedStartTests
{
    [Fact]
    public async Task A_host_whose_directory_cannot_be_seeded_fails_with_the_directorys_error_and_the_process_goes_on()
    {
        var file = Path.Combine(Path.GetTempPath(), $"grassroots-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{ \"nodes\": [");
        try
        {
            await Assert.ThrowsAsync<DirectoryFormatException>(() => TestHost.StartAsync(new Dictionary<string, string?> { ["LocalHost:DirectoryFile"] = file }));

            // The sidecar's shutdown callbacks run on the thread pool after the failed start has been answered.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await using var next = await TestHost.StartAsync();
            Assert.NotNull(next.Services);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
