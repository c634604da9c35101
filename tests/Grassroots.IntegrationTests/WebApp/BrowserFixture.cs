using Grassroots.IntegrationTests.Infrastructure;
using Grassroots.LocalHost;
using Microsoft.Playwright;

namespace Grassroots.IntegrationTests.WebApp;

/// <summary>
/// A local host and a real Chromium for the web app's tests. Playwright cannot download its own browser here, so it drives
/// Debian's <c>chromium</c> package through its executable path; when the package is missing and the tests run as root, the
/// fixture installs it (with <c>fonts-noto-cjk</c>, so Chinese renders as text), as <c>.ci/run</c> does before the tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRootPath { get; } = RepositoryRoot.Find();

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRootPath, "docs", "screenshots");

    public static string AxeScript { get; } = Path.Combine(RepositoryRootPath, "node_modules", "axe-core", "axe.min.js");

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await EnsureChromiumAsync();
        // Long review times: every decision in these tests is a person's click, never a deadline.
        Host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:30:00" });
        // The host installed the npm packages (axe-core among them) when it started Azurite; make sure even when Azurite was reused.
        await NodePackages.EnsureInstalledAsync(RepositoryRootPath, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root (CI containers) cannot use Chromium's sandbox.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
        Host.Notifications.AssertAllValid();
    }

    private static async Task EnsureChromiumAsync()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium and fonts-noto-cjk (sudo apt-get install -y chromium fonts-noto-cjk), or run .ci/run as root.");
        }

        foreach (var arguments in new[] { "update -qq", "install -y -qq chromium fonts-noto-cjk" })
        {
            var (exitCode, output, error) = await NodePackages.RunAsync(RepositoryRootPath, "apt-get", arguments.Split(' '), TimeSpan.FromMinutes(15));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"apt-get {arguments} failed ({exitCode}): {error}{output}");
            }
        }
    }
}
