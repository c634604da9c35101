using System.Net.Http.Json;
using System.Net;
using Grassroots.Functions.Intake;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Access;

/// <summary>An event captured at a Bantou unit, escalated to Xialin street and dispatched to the housing bureau: the state every row of the matrix meets.</summary>
public sealed class DispatchedEventFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:05:00" };

    public string EventId { get; private set; } = "";

    public string TrackingToken { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var chain = SampleUnits.ChainOf("bantou-g1-u1");
        (EventId, TrackingToken) = await Host.CaptureAsync(chain[0].Id);
        foreach (var (node, tier) in chain.Take(3).Zip(new[] { "unit", "grid", "community" }))
        {
            await Host.WaitForEventAsync(EventId, e => EscalationEndToEndTests.Tier(e) == tier && EscalationEndToEndTests.Stage(e) == "awaiting-review");
            (await Host.ReviewAsync(EventId, node.Responsible.IdentityId, new { tier, decision = "escalate" })).Dispose();
        }

        await Host.WaitForEventAsync(EventId, e => EscalationEndToEndTests.Tier(e) == "town" && EscalationEndToEndTests.Stage(e) == "awaiting-review");
        (await Host.ReviewAsync(EventId, chain[3].Responsible.IdentityId, new { tier = "town", decision = "dispatch", departments = new[] { "chengxiang-housing" } })).Dispose();
        Round = (await Host.WaitForEventAsync(EventId, e => EscalationEndToEndTests.Stage(e) == "dispatched"))["round"]!.GetValue<int>();
    }

    /// <summary>The dispatch round: the requests answer it, so only who asks decides the status.</summary>
    public int Round { get; private set; }
}

/// <summary>Every endpoint × every kind of caller → the one status that caller must get. Zero bypasses.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class AuthorizationMatrixTests(DispatchedEventFixture fixture) : IClassFixture<DispatchedEventFixture>
{
    public enum Caller { ReporterWithToken, WrongToken, UnitHeadOfTheNode, UnitHeadOfASiblingUnit, GridWorkerAbove, StreetCentreHoldingIt, DepartmentDispatched, DepartmentNotDispatched, Admin, Anonymous }

    public enum Endpoint { ReadEvent, TrackEvent, Review, DepartmentReport, ImportDirectory, WorkQueue, Stats, NodeBreaches, HonourRoll, PersonBreaches }

    // The read side asks about the Bantou community (the event's community) and about the unit head of bantou-g1-u1:
    // a node's figures are for its people and those above; a person's breaches for that person and those above.
    private static readonly Dictionary<Caller, int[]> Expected = new()
    {
        //                                      read  track review report import queue stats nodeBr roll personBr
        [Caller.ReporterWithToken] = [401, 200, 401, 401, 401, 401, 401, 401, 401, 401],
        [Caller.WrongToken] = [401, 404, 401, 401, 401, 401, 401, 401, 401, 401],
        [Caller.UnitHeadOfTheNode] = [200, 404, 403, 403, 403, 404, 404, 404, 404, 200],
        [Caller.UnitHeadOfASiblingUnit] = [404, 404, 404, 404, 403, 404, 404, 404, 404, 404],
        [Caller.GridWorkerAbove] = [200, 404, 403, 403, 403, 404, 404, 404, 404, 200],
        [Caller.StreetCentreHoldingIt] = [200, 404, 409, 403, 403, 200, 200, 200, 200, 200],
        [Caller.DepartmentDispatched] = [200, 404, 403, 202, 403, 404, 404, 404, 404, 404],
        [Caller.DepartmentNotDispatched] = [404, 404, 404, 404, 403, 404, 404, 404, 404, 404],
        [Caller.Admin] = [200, 404, 403, 403, 200, 200, 200, 200, 200, 200],
        [Caller.Anonymous] = [401, 404, 401, 401, 401, 401, 401, 401, 401, 401],
    };

    public static TheoryData<Endpoint, Caller, int> Matrix()
    {
        var data = new TheoryData<Endpoint, Caller, int>();
        foreach (var (caller, statuses) in Expected)
        {
            foreach (var endpoint in Enum.GetValues<Endpoint>())
            {
                data.Add(endpoint, caller, statuses[(int)endpoint]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_caller_gets_exactly_its_status_at_each_endpoint(Endpoint endpoint, Caller caller, int expected)
    {
        using var request = Request(endpoint, caller);
        using var response = await fixture.Host.Http.SendAsync(request);
        Assert.True(expected == (int)response.StatusCode,
            $"{caller} at {endpoint}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private HttpRequestMessage Request(Endpoint endpoint, Caller caller)
    {
        var id = fixture.EventId;
        var (method, path, body) = endpoint switch
        {
            Endpoint.ReadEvent => (HttpMethod.Get, $"/api/events/{id}", null),
            Endpoint.TrackEvent => (HttpMethod.Get, "/api/tracking", null),
            Endpoint.Review => (HttpMethod.Post, $"/api/events/{id}/reviews", (HttpContent?)JsonContent.Create(new { tier = "town", decision = "resolve", outcome = "fixed", round = fixture.Round })),
            Endpoint.DepartmentReport => (HttpMethod.Post, $"/api/events/{id}/department-reports", JsonContent.Create(new { kind = "acknowledged", note = "on it", round = fixture.Round })),
            Endpoint.ImportDirectory => (HttpMethod.Post, "/api/directory/import", TestHost.Json(File.ReadAllText(SampleDirectory.Path))),
            Endpoint.WorkQueue => (HttpMethod.Get, "/api/nodes/bantou/events?status=open", null),
            Endpoint.Stats => (HttpMethod.Get, "/api/stats?nodeId=bantou&from=2026-11-01&to=2026-11-30", null),
            Endpoint.NodeBreaches => (HttpMethod.Get, "/api/nodes/bantou/breaches?month=2026-11", null),
            Endpoint.HonourRoll => (HttpMethod.Get, "/api/honour-roll?month=2026-11&nodeId=bantou", null),
            _ => (HttpMethod.Get, "/api/people/p-bantou-g1-u1/breaches", null),
        };
        var (identity, roles) = caller switch
        {
            Caller.UnitHeadOfTheNode => (SampleDirectory.IdentityOf("bantou-g1-u1"), Array.Empty<string>()),
            Caller.UnitHeadOfASiblingUnit => (SampleDirectory.IdentityOf("bantou-g1-u2"), []),
            Caller.GridWorkerAbove => (SampleDirectory.IdentityOf("bantou-g1"), []),
            Caller.StreetCentreHoldingIt => (SampleDirectory.IdentityOf("xialin-street"), []),
            Caller.DepartmentDispatched => (SampleDirectory.Directory.FindDepartment("chengxiang-housing")!.Contact.IdentityId, []),
            Caller.DepartmentNotDispatched => (SampleDirectory.Directory.FindDepartment("chengxiang-court")!.Contact.IdentityId, []),
            Caller.Admin => (SampleDirectory.AdminIdentity, ["Grassroots.Admin"]),
            _ => ((string?)null, []),
        };
        var request = TestHost.As(method, path, identity, roles);
        request.Content = body;
        if (caller == Caller.ReporterWithToken)
        {
            request.Headers.Add("X-Tracking-Token", fixture.TrackingToken);
        }
        else if (caller == Caller.WrongToken)
        {
            request.Headers.Add("X-Tracking-Token", fixture.TrackingToken[..^4] + "AAAA");
        }

        return request;
    }
}
