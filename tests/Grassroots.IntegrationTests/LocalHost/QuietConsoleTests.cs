using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;

namespace Grassroots.IntegrationTests.LocalHost;

/// <summary>
/// What a newcomer sees after <c>dotnet run --project tools/Grassroots.LocalHost</c>: the start-up banner and then
/// nothing while nothing happens. The idle minute is real; the class has no collection of its own so it runs beside the
/// Azurite integration collection instead of adding a minute to it, on its own Azurite so the two never share state.
/// </summary>
public sealed class QuietConsoleTests
{
    private static readonly TimeSpan IdleMinute = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_idle_first_minute_prints_the_banner_and_stays_under_50_lines()
    {
        var root = RepositoryRoot.Find();
        var work = Directory.CreateTempSubdirectory("grassroots-quiet-");
        try
        {
            using var azurite = await PrivateAzurite.StartAsync(root, Path.Combine(work.FullName, "azurite"));
            var started = DateTime.UtcNow;
            await using var host = await LocalHostProcess.StartAsync(new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["GrassrootsTables"] = azurite.ConnectionString,
            });

            var rest = IdleMinute - (DateTime.UtcNow - started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            var lines = host.Lines();
            Assert.True(lines.Count < 50, $"{lines.Count} lines in the first minute:\n{string.Join('\n', lines)}");
            Assert.Contains(lines, l => l.StartsWith("Grassroots local host: API http://127.0.0.1:", StringComparison.Ordinal) && l.Contains("/api/openapi.json", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("  Service Bus: Endpoint=sb://127.0.0.1:", StringComparison.Ordinal) && l.EndsWith(";UseDevelopmentEmulator=true", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("  Directory: seeded from ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("Azure.Core", StringComparison.Ordinal) || l.Contains("Request [", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
