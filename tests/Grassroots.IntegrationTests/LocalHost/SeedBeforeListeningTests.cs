using System.Net;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// The local host seeds its directory before it listens: whoever sees <c>/api/health</c> answer can capture at once.
/// It used to listen first, and a capture made right after the first health answer met "not a unit in the org
/// directory" while the seed was still being written (seen now and then in the crash and interrupt tests).
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class SeedBeforeListeningTests
{
    [Fact]
    public async Task A_capture_right_after_the_first_health_answer_finds_the_last_unit_of_a_large_seeded_directory()
    {
        // 1,500 extra units make the seed take seconds, far longer than the 250 ms between health polls.
        const int Units = 1500;
        var file = Path.Combine(Path.GetTempPath(), $"grassroots-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, DirectoryImports.Sample(d => d.AddBulkUnits(Units)).ToJsonString());
        try
        {
            await using var host = await LocalHostProcess.StartAsync(new Dictionary<string, string> { ["LocalHost__DirectoryFile"] = file });

            using var response = await host.Client.Http.PostAsync("/api/events", TestHost.Json(Events.Report(DirectoryImports.BulkUnitId(Units - 1))));

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
