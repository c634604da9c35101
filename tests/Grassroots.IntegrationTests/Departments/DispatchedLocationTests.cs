using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Functions.Notifications;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Departments;

/// <summary>A location given at intake reaches the reviewers' view of the event and the department sent to the place.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class DispatchedLocationTests(ShortDeadlineHostFixture fixture) : IClassFixture<ShortDeadlineHostFixture>
{
    private const string XialinUnit = "xialin-g1-u1";
    private const string Address = "Xialin street, building 3, flat 502";

    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Location_given_at_intake_is_shown_to_staff_and_carried_in_the_dispatched_notice()
    {
        var body = JsonNode.Parse(Events.Report(XialinUnit))!.AsObject();
        body["lat"] = 25.4310;
        body["long"] = 119.0077;
        body["address"] = Address;
        using var captured = await host.Http.PostAsync("/api/events", TestHost.Json(body.ToJsonString()));
        var answer = await captured.Content.ReadAsStringAsync();
        Assert.True(captured.StatusCode == HttpStatusCode.Accepted, answer);
        var eventId = JsonNode.Parse(answer)!["eventId"]!.GetValue<string>();

        var staffView = await host.GetEventAsync(eventId, SampleDirectory.AdminIdentity, "Grassroots.Admin");
        AssertLocation(staffView["location"]!);

        await host.EscalateUpToAsync(eventId, Tier.Town);
        var town = SampleUnits.ChainOf(XialinUnit).Single(n => n.Tier == Tier.Town);
        using var dispatched = await host.ReviewAsync(eventId, town, Tier.Town, "dispatch", departments: ["chengxiang-housing"]);
        Assert.True(dispatched.StatusCode == HttpStatusCode.Accepted, await dispatched.Content.ReadAsStringAsync());

        var published = await host.Notifications.WaitForAsync(eventId, m => m.Any(n => n.Subject == NotificationKinds.Dispatched));
        var notice = JsonNode.Parse(published.Single(n => n.Subject == NotificationKinds.Dispatched).Body.Span)!;
        AssertLocation(notice["location"]!);
        host.Notifications.AssertAllValid();

        // Reviewers' notices name the tier's work, not the place; only the department is sent there.
        Assert.All(published.Where(n => n.Subject == NotificationKinds.ReviewRequested),
            n => Assert.Null(JsonNode.Parse(n.Body.Span)!["location"]));
    }

    [Fact]
    public async Task A_report_without_a_location_has_none_in_the_view()
    {
        var (eventId, _) = await host.CaptureAsync(XialinUnit);

        var staffView = await host.GetEventAsync(eventId, SampleDirectory.AdminIdentity, "Grassroots.Admin");

        Assert.Null(staffView["location"]);
    }

    private static void AssertLocation(JsonNode location)
    {
        Assert.Equal(25.4310, location["lat"]!.GetValue<double>());
        Assert.Equal(119.0077, location["long"]!.GetValue<double>());
        Assert.Equal(Address, location["address"]!.GetValue<string>());
    }
}
