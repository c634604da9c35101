using Grassroots.Domain;
using System.Net.Http.Json;
using System.Net;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Departments;

/// <summary>Eight seconds per tier and per department deadline: long enough to review, short enough to watch a department miss.</summary>
public sealed class ShortDeadlineHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "00:00:08",
        ["Grassroots:FollowUp:Window"] = "00:00:03",
    };
}

[Collection(AzuriteTestGroup.Name)]
public sealed class DepartmentOutcomeTests(ShortDeadlineHostFixture fixture) : IClassFixture<ShortDeadlineHostFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task A_department_that_misses_its_acknowledge_deadline_is_charged_and_the_event_escalates_with_its_dispatch_history()
    {
        var eventId = await DispatchFromXialinStreetAsync("xialin-police-station");
        var police = SampleDirectory.Directory.FindDepartment("xialin-police-station")!;

        var view = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Tier(e) == "district", TimeSpan.FromSeconds(40));
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

        var dispatch = Assert.Single(view["dispatches"]!.AsArray())!;
        Assert.Equal(("xialin-police-station", "overdue"), (dispatch["departmentId"]!.GetValue<string>(), dispatch["state"]!.GetValue<string>()));
        Assert.Contains("department-overdue", view.TimelineKinds());
        var breaches = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Breaches);
        var charged = new List<BreachRow>();
        await foreach (var breach in breaches.QueryAsync<BreachRow>(b => b.PartitionKey == police.Contact.PersonId && b.EventId == eventId))
        {
            charged.Add(breach);
        }

        Assert.Equal(BreachKinds.DepartmentAcknowledge, Assert.Single(charged).Kind);
        Assert.Equal("xialin-street", charged[0].NodeId);
    }

    [Fact]
    public async Task A_department_that_returns_the_event_sends_it_back_to_the_dispatching_tier_for_a_new_decision()
    {
        var eventId = await DispatchFromXialinStreetAsync("chengxiang-court");
        var court = SampleDirectory.Directory.FindDepartment("chengxiang-court")!;

        using var missingReason = await ReportAsync(eventId, court.Contact.IdentityId, new { kind = "returned" });
        using var returned = await ReportAsync(eventId, court.Contact.IdentityId, new { kind = "returned", reason = "Not a civil case: no contract exists" });
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, returned.StatusCode);

        var view = await host.WaitForEventAsync(eventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review" && e.TimelineKinds().Contains("department-returned"));
        using var late = await ReportAsync(eventId, court.Contact.IdentityId, new { kind = "resolved" });
        await host.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(eventId);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("town", EscalationEndToEndTests.Tier(view));
        var arrivals = view["timeline"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "arrived").ToList();
        Assert.Equal("xialin-street", arrivals[^1]!["nodeId"]!.GetValue<string>());
        Assert.Contains("Not a civil case", arrivals[^1]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("returned", view["dispatches"]![0]!["state"]!.GetValue<string>());
    }

    private Task<string> DispatchFromXialinStreetAsync(string departmentId) =>
        host.CaptureAndDispatchAsync("xialin-g1-u1", Tier.Town, departmentId);

    private Task<HttpResponseMessage> ReportAsync(string eventId, string departmentIdentity, object report) =>
        host.ReportAsync(eventId, departmentIdentity, report);
}
