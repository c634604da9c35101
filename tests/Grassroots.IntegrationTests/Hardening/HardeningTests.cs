using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Domain.Access;
using Grassroots.Functions.Access;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Hardening;

/// <summary>The hardening list of issue #14, one rule per test, each provoking what used to go wrong.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class HardeningTests(HardeningFixture fixture) : IClassFixture<HardeningFixture>
{
    private readonly TestHost host = fixture.Host;

    private static string UnitHead => SampleDirectory.IdentityOf(HardeningFixture.Unit);

    // ---- duplicateOf ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_duplicate_of_an_event_the_reviewer_may_not_see_is_refused_exactly_like_one_that_does_not_exist()
    {
        var (hidden, _) = await host.CaptureAsync(SampleUnits.UnitUnder("dongxing").Id);
        var (eventId, _) = await host.CaptureAsync(HardeningFixture.Unit);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        var resolve = ValidBodies.Review("unit", "resolve").With("outcome", "duplicate");

        using var ofHidden = await host.ReviewAsync(eventId, UnitHead, resolve.With("duplicateOf", hidden));
        using var ofNothing = await host.ReviewAsync(eventId, UnitHead, resolve.With("duplicateOf", "EV20260101000000-ZZZZZZZZ"));
        using var ofItself = await host.ReviewAsync(eventId, UnitHead, resolve.With("duplicateOf", eventId));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ofHidden.StatusCode);
        var hiddenBody = JsonNode.Parse(await ofHidden.Content.ReadAsStringAsync())!;
        var nothingBody = JsonNode.Parse(await ofNothing.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ofNothing.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ofItself.StatusCode);
        Assert.Equal(nothingBody["errors"]!.ToJsonString(), hiddenBody["errors"]!.ToJsonString());
        Assert.Equal(nothingBody["detail"]!.ToJsonString(), hiddenBody["detail"]!.ToJsonString());
        Assert.DoesNotContain(hidden, hiddenBody.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_of_a_visible_event_is_accepted_and_closes_the_event()
    {
        var (original, _) = await host.CaptureAsync(HardeningFixture.Unit);
        var (eventId, _) = await host.CaptureAsync(HardeningFixture.Unit);
        await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");

        using var response = await host.ReviewAsync(eventId, UnitHead, ValidBodies.Review("unit", "resolve").With("outcome", "duplicate").With("duplicateOf", original));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() != "open");
    }

    [Theory]
    [InlineData("resolve", "fixed")]
    [InlineData("resolve", "no-action-needed")]
    [InlineData("escalate", null)]
    public async Task DuplicateOf_is_refused_with_any_decision_but_a_duplicate_resolution(string decision, string? outcome)
    {
        var body = ValidBodies.Review("unit", decision).With("duplicateOf", fixture.DispatchedEventId);
        if (outcome is not null)
        {
            body = body.With("outcome", outcome);
        }

        using var response = await host.ReviewAsync(fixture.WaitingEventId, UnitHead, body);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only for a resolve with outcome duplicate", problem["errors"]!["duplicateOf"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ---- dates and months -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("/api/nodes/bantou/breaches?month=9999-12")]
    [InlineData("/api/honour-roll?nodeId=bantou&month=9999-12")]
    [InlineData("/api/nodes/bantou/breaches?month=0001-01")]
    [InlineData("/api/honour-roll?nodeId=bantou&month=2100-01")]
    [InlineData("/api/stats?nodeId=bantou&from=9999-12-31&to=9999-12-31")]
    [InlineData("/api/stats?nodeId=bantou&from=0001-01-01&to=0001-01-31")]
    public async Task A_month_or_date_outside_the_reporting_range_is_a_400_naming_the_parameter(string path)
    {
        using var request = TestHost.As(HttpMethod.Get, path, SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2000", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ---- occurredAt -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1600-06-01T00:00:00+00:00")]
    [InlineData("1601-01-01T00:00:00+00:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    public async Task An_absurdly_old_occurred_at_is_refused_before_any_key_token_or_event_row_exists(string occurredAt)
    {
        // Only intake writes these rows, so other tests' orchestrations running meanwhile can't move the counts.
        async Task<(int, int, int)> IntakeRowsAsync() =>
            (await host.CountAsync(TableNames.IdempotencyKeys), await host.CountAsync(TableNames.TrackingTokens), await host.CountAsync(TableNames.Events, "event"));
        var before = await IntakeRowsAsync();

        using var response = await host.Http.PostAsync("/api/events",
            TestHost.Json(ValidBodies.Report(HardeningFixture.Unit).With("occurredAt", occurredAt).ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await IntakeRowsAsync());
    }

    // ---- no internal type names ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{"foo":1}""", "foo")]
    [InlineData("""{"title":["a"]}""", "title")]
    [InlineData("""{"reporter":{"phone":138}}""", "reporter.phone")]
    public async Task A_400_from_intake_names_the_json_path_and_never_an_internal_type(string json, string path)
    {
        using var response = await host.Http.PostAsync("/api/events", TestHost.Json(json));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Grassroots", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![path]);
    }

    // ---- text fields --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("note", "Checked on site\u0007")]
    [InlineData("note", "Checked \u202Eon site")]
    [InlineData("note", "Checked \u2066on\u2069 site")]
    public async Task A_review_note_with_control_or_bidi_characters_is_refused(string field, string value)
    {
        using var response = await host.ReviewAsync(fixture.WaitingEventId, UnitHead, ValidBodies.Review("unit").With(field, value));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_department_reason_with_a_bidi_override_is_refused()
    {
        var department = SampleDirectory.Directory.FindDepartment(HardeningFixture.Department)!.Contact.IdentityId;
        using var request = TestHost.As(HttpMethod.Post, $"/api/events/{fixture.DispatchedEventId}/department-reports", department);
        var round = await host.CurrentRoundAsync(fixture.DispatchedEventId);
        request.Content = JsonContent.Create(ValidBodies.DepartmentReport("returned").With("reason", "Not ours \u202Esruo").With("round", round));
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // ---- app ids only for app-only tokens -----------------------------------------------------------------------------

    [Fact]
    public async Task A_user_signed_in_through_a_department_client_app_is_not_that_department()
    {
        var departmentIdentity = SampleDirectory.Directory.FindDepartment(HardeningFixture.Department)!.Contact.IdentityId;
        var resolver = host.Services.GetRequiredService<CallerResolver>();

        var asUser = await resolver.ResolveAsync(RequestWith(Principals.UserThroughClientApp(Guid.NewGuid().ToString(), departmentIdentity)));
        var asApp = await resolver.ResolveAsync(RequestWith(Principals.AppOnly(Guid.NewGuid().ToString(), departmentIdentity)));

        Assert.Equal(CallerKind.Unknown, asUser.Kind);
        Assert.Null(asUser.DepartmentId);
        Assert.Equal(CallerKind.Department, asApp.Kind);
        Assert.Equal(HardeningFixture.Department, asApp.DepartmentId);

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/events/{fixture.DispatchedEventId}");
        read.Headers.Add(ClientPrincipal.HeaderName, Principals.UserThroughClientApp(Guid.NewGuid().ToString(), departmentIdentity));
        using var response = await host.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // ---- health -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Anonymous_health_tells_the_status_only()
    {
        using var response = await host.Http.GetAsync("/api/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status"], body.Select(p => p.Key));
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_in_non_admin_also_gets_the_status_only()
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/health", UnitHead);
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(["status"], body.Select(p => p.Key));
    }

    [Fact]
    public async Task An_admin_gets_dependencies_and_version()
    {
        using var request = TestHost.As(HttpMethod.Get, "/api/health", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("up", body["dependencies"]!["tables"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["version"]!.GetValue<string>()));
    }

    // ---- tracking tokens and idempotency keys -------------------------------------------------------------------------

    [Fact]
    public async Task The_tracking_token_is_in_no_table_yet_a_retried_capture_returns_it_and_it_tracks_the_event()
    {
        var report = ValidBodies.Report(HardeningFixture.Unit).ToJsonString();
        using var first = await host.Http.PostAsync("/api/events", TestHost.Json(report));
        using var retry = await host.Http.PostAsync("/api/events", TestHost.Json(report));
        var token = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["trackingToken"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(token, JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["trackingToken"]!.GetValue<string>());

        foreach (var table in TableNames.All)
        {
            var client = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(table);
            await foreach (var row in client.QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in row)
                {
                    Assert.False(value?.ToString()?.Contains(token, StringComparison.Ordinal) == true, $"{table}.{name} holds the token in plain text");
                }
            }
        }

        using var track = new HttpRequestMessage(HttpMethod.Get, "/api/tracking");
        track.Headers.Add("X-Tracking-Token", token);
        using var tracked = await host.Http.SendAsync(track);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
    }

    [Fact]
    public async Task One_idempotency_key_in_two_channels_captures_two_events()
    {
        var key = "ticket-" + Guid.NewGuid().ToString("N")[..6];
        using var app = await PostWithKeyAsync(ValidBodies.Report(HardeningFixture.Unit, "app"), key);
        using var hotline = await PostWithKeyAsync(ValidBodies.Report(HardeningFixture.Unit, "hotline").With("title", "Another problem entirely"), key);

        Assert.Equal(HttpStatusCode.Accepted, app.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, hotline.StatusCode);
        Assert.NotEqual(await EventIdOf(app), await EventIdOf(hotline));
    }

    [Fact]
    public async Task A_predictable_channel_reference_of_one_channel_does_not_block_another_channel()
    {
        var reference = "0001-" + Guid.NewGuid().ToString("N")[..6];
        using var wechat = await host.Http.PostAsync("/api/events", TestHost.Json(ValidBodies.Report(HardeningFixture.Unit, "wechat").With("channelReference", reference).ToJsonString()));
        using var web = await host.Http.PostAsync("/api/events", TestHost.Json(
            ValidBodies.Report(HardeningFixture.Unit, "web").With("channelReference", reference).With("title", "A different report").ToJsonString()));

        Assert.Equal(HttpStatusCode.Accepted, wechat.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, web.StatusCode);
        Assert.NotEqual(await EventIdOf(wechat), await EventIdOf(web));
    }

    [Fact]
    public async Task Within_one_channel_a_key_still_refuses_a_different_report()
    {
        var key = "ticket-" + Guid.NewGuid().ToString("N")[..6];
        using var first = await PostWithKeyAsync(ValidBodies.Report(HardeningFixture.Unit, "app"), key);
        using var second = await PostWithKeyAsync(ValidBodies.Report(HardeningFixture.Unit, "app").With("title", "Something else"), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
    }

    private async Task<HttpResponseMessage> PostWithKeyAsync(JsonObject report, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = TestHost.Json(report.Without("channelReference").ToJsonString()) };
        request.Headers.Add(CaptureEventFunction.IdempotencyKeyHeader, key);
        return await host.Http.SendAsync(request);
    }

    private static async Task<string> EventIdOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>();

    private static HttpRequest RequestWith(string principal)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientPrincipal.HeaderName] = principal;
        return context.Request;
    }
}
