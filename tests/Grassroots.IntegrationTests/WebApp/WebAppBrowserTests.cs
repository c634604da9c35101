using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Grassroots.IntegrationTests.WebApp;

/// <summary>
/// The web app in a real Chromium against the local host: people sign in through the development sign-in, act from their
/// inbox, desk and event pages, and every action lands through the same API the tests read back. Each screen is checked
/// with axe-core (no serious or critical violation) and saved under docs/screenshots/.
/// In the Azurite collection, so its host finds the collection's Azurite already listening: a host that starts one on
/// the shared ports itself stops it when it is disposed, and outside the collection this class's host could start first
/// and take the store away from the rest of the suite when the browser tests end.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class WebAppBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private TestHost Host => fixture.Host;

    private string AppUrl => new Uri(Host.Host.BaseAddress, "/api/app/").ToString();

    [Fact]
    public async Task The_app_is_served_at_the_root_in_chinese_first_and_switches_to_english()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Host.Host.BaseAddress.ToString());
        Assert.EndsWith("/api/app/", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1#title")).ToHaveTextAsync("欢迎");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await CheckScreenAsync(page, "welcome");

        await page.ClickAsync("#lang");
        await Expect(page.Locator("h1#title")).ToHaveTextAsync("Welcome");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.GotoAsync(new Uri(Host.Host.BaseAddress, "/.auth/login/aad").ToString());
        await CheckScreenAsync(page, "development-sign-in");
    }

    [Fact]
    public async Task A_unit_head_resolves_from_the_inbox()
    {
        var (eventId, _) = await Host.CaptureAsync("bantou-g2-u1");
        var page = await SignedInPageAsync("bantou-g2-u1");

        await WaitInInboxAsync(page, eventId);
        await Expect(page.Locator($"[data-event='{eventId}'] .countdown")).ToContainTextAsync("剩余");
        await CheckScreenAsync(page, "inbox");

        await page.ClickAsync($"[data-event='{eventId}'] a");
        await Expect(page.Locator("#review-heading")).ToBeVisibleAsync();
        await CheckScreenAsync(page, "event-detail-unit-head");
        await page.SelectOptionAsync("#review-outcome", "fixed");
        await page.FillAsync("#review-note", "Moved the bicycles to the shed");
        await page.ClickAsync("button[value=resolve]");
        await Expect(page.Locator(".result .ok")).ToBeVisibleAsync();

        var closed = await Host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open", Patience);
        Assert.Equal("resolved", closed["status"]!.GetValue<string>());
        Assert.Equal("unit", closed["resolvedTier"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chain_escalates_to_the_street_which_dispatches_to_two_departments_that_acknowledge_and_resolve_from_their_desks()
    {
        var (eventId, _) = await Host.CaptureAsync("bantou-g1-u2");
        foreach (var node in new[] { "bantou-g1-u2", "bantou-g1", "bantou" })
        {
            var page = await SignedInPageAsync(node);
            await OpenFromInboxAsync(page, eventId);
            await page.ClickAsync("button[value=escalate]");
            await Expect(page.Locator(".result .ok")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }

        var street = await SignedInPageAsync("xialin-street");
        await OpenFromInboxAsync(street, eventId);
        await CheckScreenAsync(street, "event-detail-street");
        await street.CheckAsync("input[name=department][value=chengxiang-housing]");
        await street.CheckAsync("input[name=department][value=chengxiang-court]");
        await street.ClickAsync("button[value=dispatch]");
        await Expect(street.Locator(".result .ok")).ToBeVisibleAsync();
        await Host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "dispatched", Patience);

        foreach (var department in new[] { "chengxiang-housing", "chengxiang-court" })
        {
            var desk = await SignedInPageAsync("department:" + department);
            await OpenFromInboxAsync(desk, eventId, department == "chengxiang-housing" ? "department-desk" : null);
            if (department == "chengxiang-housing")
            {
                await CheckScreenAsync(desk, "event-detail-department");
            }

            await desk.ClickAsync("button[value=acknowledged]");
            await Expect(desk.Locator(".result .ok")).ToBeVisibleAsync();
            await Host.WaitForEventAsync(eventId, e => DispatchState(e, department) == "acknowledged", Patience);
            await desk.ReloadAsync();
            await Expect(desk.Locator("button[value=resolved]")).ToBeVisibleAsync();
            await desk.FillAsync("#report-note", "Measured on site");
            await desk.ClickAsync("button[value=resolved]");
            await Expect(desk.Locator(".result .ok")).ToBeVisibleAsync();
            await Host.WaitForEventAsync(eventId, e => DispatchState(e, department) == "resolved", Patience);
            await desk.Context.CloseAsync();
        }

        var closed = await Host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open", Patience);
        Assert.Equal("resolved", closed["status"]!.GetValue<string>());
        var steps = closed["timeline"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(3, steps.Count(k => k == "escalated"));
        Assert.Equal(2, steps.Count(k => k == "department-acknowledged"));
        Assert.Equal(2, steps.Count(k => k == "department-resolved"));
    }

    [Fact]
    public async Task The_dashboards_figures_equal_the_stats_endpoint()
    {
        var (eventId, _) = await Host.CaptureAsync("bantou-g2-u2");
        await Host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "awaiting-review", Patience);
        var page = await SignedInPageAsync("chengxiang");
        var identity = SampleDirectory.IdentityOf("chengxiang");

        // Steps still being projected can move the figures between two reads: compare once two API reads agree around the page's.
        for (var attempt = 1; ; attempt++)
        {
            var before = await StatsAsync("chengxiang", identity);
            await page.GotoAsync(AppUrl + "#/dashboard?node=chengxiang");
            await Expect(page.Locator("[data-figure=captured] dd")).ToBeVisibleAsync();
            var shown = new Dictionary<string, string>();
            foreach (var name in new[] { "captured", "closed", "closureRate", "grassrootsShare", "openNow", "overdueNow" })
            {
                shown[name] = (await page.Locator($"[data-figure={name}] dd").TextContentAsync())!.Trim();
            }

            var after = await StatsAsync("chengxiang", identity);
            if (before.ToJsonString() != after.ToJsonString() && attempt < 5)
            {
                continue;
            }

            Assert.Equal(after["captured"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), shown["captured"]);
            Assert.Equal(after["closed"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), shown["closed"]);
            Assert.Equal(Percent(after["closureRate"]), shown["closureRate"]);
            Assert.Equal(Percent(after["grassrootsShare"]), shown["grassrootsShare"]);
            Assert.Equal(after["openNow"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), shown["openNow"]);
            Assert.Equal(after["overdueNow"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), shown["overdueNow"]);
            Assert.True(after["captured"]!.GetValue<long>() >= 1);
            break;
        }

        await Expect(page.Locator("figure svg.chart")).ToHaveCountAsync(3);
        await CheckScreenAsync(page, "dashboard");

        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await page.GotoAsync(AppUrl + $"#/honour-roll?node=chengxiang&month={month}");
        await Expect(page.Locator("h1#title")).ToContainTextAsync("光荣榜");
        using var request = TestHost.As(HttpMethod.Get, $"/api/honour-roll?nodeId=chengxiang&month={month}", identity);
        using var response = await Host.Http.SendAsync(request);
        var roll = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(roll["ranked"]!.AsArray().Count, await page.Locator("main table tbody tr").CountAsync());
        await CheckScreenAsync(page, "honour-roll");
    }

    [Fact]
    public async Task A_resident_follows_an_event_with_the_token_and_a_stranger_sees_nothing_of_it()
    {
        var (eventId, token) = await Host.CaptureAsync("bantou-g1-u1");
        await Host.WaitForEventAsync(eventId, e => e["stage"]!.GetValue<string>() == "awaiting-review", Patience);

        var resident = await NewPageAsync();
        await resident.GotoAsync(AppUrl + "#/track");
        await resident.FillAsync("#token", token);
        await resident.ClickAsync("form button[type=submit]");
        await Expect(resident.Locator($"[data-tracked='{eventId}'] h2")).ToHaveTextAsync("Neighbour dispute over a blocked stairwell");
        await CheckScreenAsync(resident, "resident");

        var guesser = await NewPageAsync();
        await guesser.GotoAsync(AppUrl + "#/track");
        await guesser.FillAsync("#token", token[..^2] + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"));
        await guesser.ClickAsync("form button[type=submit]");
        await Expect(guesser.Locator("[role=alert]")).ToBeVisibleAsync();
        Assert.Equal(0, await guesser.Locator("[data-tracked]").CountAsync());

        // A head elsewhere in the city opens the event's address: the API answers 404, and the page shows nothing of it.
        var stranger = await SignedInPageAsync("xitianwei-town");
        await stranger.GotoAsync(AppUrl + "#/events/" + eventId);
        await Expect(stranger.Locator("[role=alert]")).ToBeVisibleAsync();
        Assert.DoesNotContain("blocked stairwell", await stranger.Locator("main").TextContentAsync() ?? "", StringComparison.Ordinal);
        await stranger.GotoAsync(AppUrl + "#/inbox");
        await Expect(stranger.Locator("h1#title")).ToContainTextAsync("待办");
        Assert.Equal(0, await stranger.Locator($"[data-event='{eventId}']").CountAsync());
    }

    // A click goes through the real API and engine on cores other tests keep busy: what is checked is that the action
    // lands, not that it lands within Playwright's default five seconds (a dispatch once took longer under CI's load).
    private static ILocatorAssertions Expect(ILocator locator)
    {
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds / 3);
        return Assertions.Expect(locator);
    }

    private static string? DispatchState(JsonNode view, string department) =>
        view["dispatches"]!.AsArray().LastOrDefault(d => d!["departmentId"]!.GetValue<string>() == department)?["state"]!.GetValue<string>();

    private static string Percent(JsonNode? rate) =>
        rate is null ? "—" : (rate.GetValue<double>() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private async Task<JsonNode> StatsAsync(string nodeId, string identity)
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/stats?nodeId=" + nodeId, identity);
        using var response = await Host.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A phone-sized page; CSP is bypassed only so axe-core can be injected.</summary>
    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BypassCSP = true,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the development sign-in page, as a person would pick themselves from the directory.</summary>
    private async Task<IPage> SignedInPageAsync(string who)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(Host.Host.BaseAddress, "/.auth/login/aad?post_login_redirect_uri=/api/app/%23/inbox").ToString());
        await page.SelectOptionAsync("#who", who);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/api/app/**");
        await Expect(page.Locator("h1#title")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The inbox is a projection: an event shows up once its arrival is recorded, so the page is reloaded until it does.</summary>
    private async Task WaitInInboxAsync(IPage page, string eventId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await page.GotoAsync(AppUrl + "#/inbox");
            await page.ReloadAsync();
            await Expect(page.Locator("h1#title")).ToBeVisibleAsync();
            if (await page.Locator($"[data-event='{eventId}']").CountAsync() > 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        await Expect(page.Locator($"[data-event='{eventId}']")).ToBeVisibleAsync();
    }

    private async Task OpenFromInboxAsync(IPage page, string eventId, string? screenshot = null)
    {
        await WaitInInboxAsync(page, eventId);
        if (screenshot is not null)
        {
            await CheckScreenAsync(page, screenshot);
        }

        await page.ClickAsync($"[data-event='{eventId}'] a");
        await Expect(page.Locator("form.card")).ToBeVisibleAsync();
    }

    /// <summary>axe-core on the screen as it stands (no serious or critical violation), then a screenshot for the README.</summary>
    private static async Task CheckScreenAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = BrowserFixture.AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
            + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.True(violations.GetArrayLength() == 0, $"{name}: {violations}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
