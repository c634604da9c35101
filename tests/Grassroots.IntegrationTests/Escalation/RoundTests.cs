using Grassroots.Domain;
using System.Net;
using System.Text.Json.Nodes;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Escalation;

/// <summary>A decision answers one round: nothing accepted for one round acts in a later one.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class RoundTests(ReviewHostFixture fixture) : IClassFixture<ReviewHostFixture>
{
    private const string Housing = "chengxiang-housing";
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_second_street_resolve_sent_with_the_dispatch_never_closes_the_event_when_the_department_returns_it()
    {
        var (eventId, street) = await AtXialinStreetAsync();
        var round = await host.CurrentRoundAsync(eventId);

        // The dispatch, then at once a second resolve for the same round (a double click, a second reviewer): the
        // dispatch applies; the resolve is refused (409) if the event already moved on, or accepted and recorded as rejected.
        using var dispatched = await host.ReviewAsync(eventId, street, new { tier = "town", decision = "dispatch", departments = new[] { Housing }, round });
        using var resolved = await host.ReviewAsync(eventId, street, new { tier = "town", decision = "resolve", outcome = "no-action-needed", round });
        Assert.Equal(HttpStatusCode.Accepted, dispatched.StatusCode);
        Assert.True(resolved.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"{(int)resolved.StatusCode}");
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "dispatched");

        var bureau = SampleDirectory.Directory.FindDepartment(Housing)!;
        using var returned = await host.ReportAsync(eventId, bureau.Contact.IdentityId, new { kind = "returned", reason = "Not a housing matter" });
        Assert.Equal(HttpStatusCode.Accepted, returned.StatusCode);

        var back = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review" && e.TimelineKinds().Contains("department-returned"));
        // Give a stale resolve every chance to act, had it survived into the new round.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var view = await host.WaitForEventAsync(eventId, _ => true);

        Assert.Equal(("open", "awaiting-review"), (view["status"]!.GetValue<string>(), EscalationEndToEndTests.Stage(view)));
        Assert.DoesNotContain("resolved", view.TimelineKinds());
        Assert.Equal(round + 2, back["round"]!.GetValue<int>());
        if (resolved.StatusCode == HttpStatusCode.Accepted)
        {
            var rejected = Assert.Single(view["timeline"]!.AsArray(), t => t!["kind"]!.GetValue<string>() == "review-rejected")!;
            Assert.Contains($"round {round} was already decided", rejected["note"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_review_for_another_round_is_refused_with_409_naming_the_current_round_and_changes_nothing()
    {
        var unit = SampleUnits.UnitUnder("dongxing");
        var (eventId, _) = await host.CaptureAsync(unit.Id);
        var before = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review" && e.TimelineKinds().Contains("review-requested"));

        using var stale = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed", round = 9 });
        using var missing = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed", round = (int?)null });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Equal(1, problem["currentRound"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var after = await host.WaitForEventAsync(eventId, _ => true);
        Assert.Equal(before["timeline"]!.AsArray().Count, after["timeline"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_departments_duplicate_report_in_one_round_is_answered_202_and_applied_once()
    {
        var (eventId, street) = await AtXialinStreetAsync();
        using var dispatched = await host.ReviewAsync(eventId, street, new { tier = "town", decision = "dispatch", departments = new[] { Housing } });
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "dispatched");
        var bureau = SampleDirectory.Directory.FindDepartment(Housing)!;

        var first = host.ReportAsync(eventId, bureau.Contact.IdentityId, new { kind = "acknowledged" });
        var second = host.ReportAsync(eventId, bureau.Contact.IdentityId, new { kind = "acknowledged" });
        using var a = await first;
        using var b = await second;
        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("department-acknowledged"));
        using var third = await host.ReportAsync(eventId, bureau.Contact.IdentityId, new { kind = "acknowledged" });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var view = await host.WaitForEventAsync(eventId, _ => true);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { a.StatusCode, b.StatusCode, third.StatusCode });
        Assert.Single(view.TimelineKinds(), k => k == "department-acknowledged");
        Assert.Equal("acknowledged", view["dispatches"]![0]!["state"]!.GetValue<string>());
    }

    /// <returns>The event, waiting at the Xialin street centre, and the centre's identity.</returns>
    private async Task<(string EventId, string StreetIdentity)> AtXialinStreetAsync()
    {
        var (eventId, _) = await host.CaptureAsync("xialin-g1-u1");
        await host.EscalateUpToAsync(eventId, Tier.Town);
        return (eventId, SampleDirectory.Node("xialin-street").Responsible.IdentityId);
    }
}
