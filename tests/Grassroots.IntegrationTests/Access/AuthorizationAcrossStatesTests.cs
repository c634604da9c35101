using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Access;

/// <summary>
/// Who may read, review and report on an event, in every state it can be in: waiting at each of the six tiers, with a
/// department, closed. Every event is captured at <see cref="Unit"/>, so its chain is bantou-g1-u1 → bantou-g1 → bantou →
/// xialin-street → chengxiang → putian; dispatched and closed events were dispatched by the street centre to
/// <see cref="DispatchedDepartment"/>, and the closed one was closed by that department's resolve report.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class AuthorizationAcrossStatesTests(EventsInEveryStateFixture fixture) : IClassFixture<EventsInEveryStateFixture>
{
    public const string Unit = "bantou-g1-u1";
    public const string DispatchedDepartment = "chengxiang-housing";
    public const string DepartmentNotDispatched = "chengxiang-court";

    /// <summary>A signed-in identity the directory does not know, without the admin role.</summary>
    public const string OutsiderIdentity = "5d1c9e0a-7b3f-4c2e-9a61-0f8e2d4b7c13";

    public enum State { AtUnit, AtGrid, AtCommunity, AtTown, AtDistrict, AtCity, Dispatched, Closed }

    public enum Caller
    {
        UnitHeadOnChain, UnitHeadOffChain,
        GridHeadOnChain, GridHeadOffChain,
        CommunityHeadOnChain, CommunityHeadOffChain,
        TownHeadOnChain, TownHeadOffChain,
        DistrictHeadOnChain, DistrictHeadOffChain,
        CityHead,
        DispatchedDepartmentDesk, DepartmentNotDispatchedDesk,
        Admin, Outsider, Anonymous,
    }

    public enum Endpoint { ReadEvent, Review, DepartmentReport }

    // Written from the rules (README "Who may do what", AccessPolicy, ReviewRules), not from answers the code gave:
    // no caller 401; may not see the event 404 (people of its chain, the departments it went to, admins see it);
    // sees it but answers for neither the holding node nor one above it 403 (admins and departments never review,
    // only a department it was dispatched to reports); the state takes no such step 409; allowed 202.
    // A dispatched or closed event is held by the street centre that dispatched it.
    private static readonly Dictionary<Caller, int[]> ReadExpected = new()
    {
        //                                   unit grid comm town dist city disp closed
        [Caller.UnitHeadOnChain] = /*      */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.UnitHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.GridHeadOnChain] = /*      */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.GridHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CommunityHeadOnChain] = /* */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.CommunityHeadOffChain] = /**/ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.TownHeadOnChain] = /*      */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.TownHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.DistrictHeadOnChain] = /*  */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.DistrictHeadOffChain] = /* */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CityHead] = /*             */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.DispatchedDepartmentDesk] = [404, 404, 404, 404, 404, 404, 200, 200],
        [Caller.DepartmentNotDispatchedDesk] = [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Admin] = /*                */ [200, 200, 200, 200, 200, 200, 200, 200],
        [Caller.Outsider] = /*             */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Anonymous] = /*            */ [401, 401, 401, 401, 401, 401, 401, 401],
    };

    // The review names the holding tier: escalate below the city, resolve (fixed) at the city.
    private static readonly Dictionary<Caller, int[]> ReviewExpected = new()
    {
        //                                   unit grid comm town dist city disp closed
        [Caller.UnitHeadOnChain] = /*      */ [202, 403, 403, 403, 403, 403, 403, 403],
        [Caller.UnitHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.GridHeadOnChain] = /*      */ [202, 202, 403, 403, 403, 403, 403, 403],
        [Caller.GridHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CommunityHeadOnChain] = /* */ [202, 202, 202, 403, 403, 403, 403, 403],
        [Caller.CommunityHeadOffChain] = /**/ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.TownHeadOnChain] = /*      */ [202, 202, 202, 202, 403, 403, 409, 409],
        [Caller.TownHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.DistrictHeadOnChain] = /*  */ [202, 202, 202, 202, 202, 403, 409, 409],
        [Caller.DistrictHeadOffChain] = /* */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CityHead] = /*             */ [202, 202, 202, 202, 202, 202, 409, 409],
        [Caller.DispatchedDepartmentDesk] = [404, 404, 404, 404, 404, 404, 403, 403],
        [Caller.DepartmentNotDispatchedDesk] = [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Admin] = /*                */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.Outsider] = /*             */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Anonymous] = /*            */ [401, 401, 401, 401, 401, 401, 401, 401],
    };

    // The report is an acknowledge: it fits only a dispatch still waiting for one.
    private static readonly Dictionary<Caller, int[]> DepartmentReportExpected = new()
    {
        //                                   unit grid comm town dist city disp closed
        [Caller.UnitHeadOnChain] = /*      */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.UnitHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.GridHeadOnChain] = /*      */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.GridHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CommunityHeadOnChain] = /* */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.CommunityHeadOffChain] = /**/ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.TownHeadOnChain] = /*      */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.TownHeadOffChain] = /*     */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.DistrictHeadOnChain] = /*  */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.DistrictHeadOffChain] = /* */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.CityHead] = /*             */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.DispatchedDepartmentDesk] = [404, 404, 404, 404, 404, 404, 202, 409],
        [Caller.DepartmentNotDispatchedDesk] = [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Admin] = /*                */ [403, 403, 403, 403, 403, 403, 403, 403],
        [Caller.Outsider] = /*             */ [404, 404, 404, 404, 404, 404, 404, 404],
        [Caller.Anonymous] = /*            */ [401, 401, 401, 401, 401, 401, 401, 401],
    };

    public static int ExpectedStatus(Endpoint endpoint, State state, Caller caller) => endpoint switch
    {
        Endpoint.ReadEvent => ReadExpected[caller][(int)state],
        Endpoint.Review => ReviewExpected[caller][(int)state],
        _ => DepartmentReportExpected[caller][(int)state],
    };

    /// <summary>The cells whose call is accepted and so moves the event on: each gets an event of its own.</summary>
    public static IEnumerable<(Endpoint Endpoint, State State, Caller Caller)> AcceptedCells() =>
        from endpoint in Enum.GetValues<Endpoint>()
        from state in Enum.GetValues<State>()
        from caller in Enum.GetValues<Caller>()
        where ExpectedStatus(endpoint, state, caller) == 202
        select (endpoint, state, caller);

    public static TheoryData<Endpoint, State, Caller, int> Matrix()
    {
        var data = new TheoryData<Endpoint, State, Caller, int>();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            foreach (var state in Enum.GetValues<State>())
            {
                foreach (var caller in Enum.GetValues<Caller>())
                {
                    data.Add(endpoint, state, caller, ExpectedStatus(endpoint, state, caller));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_caller_gets_the_status_the_rules_give_it_in_each_state(Endpoint endpoint, State state, Caller caller, int expected)
    {
        var eventId = fixture.EventFor(endpoint, state, caller);
        // Every call answers the round the event is in, so the status is about who calls and the state, never a stale round.
        var round = await fixture.Host.CurrentRoundAsync(eventId);
        using var request = Request(endpoint, state, caller, eventId, round);
        using var response = await fixture.Host.Http.SendAsync(request);
        Assert.True(expected == (int)response.StatusCode,
            $"{caller} at {endpoint} on an event {state} ({eventId}): expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected == 202)
        {
            // The orchestration checks a call again when it arrives: accepted means it acted, not only that the edge let it through.
            await fixture.Host.WaitForEventAsync(eventId, view => ActedOn(view, endpoint, state, caller));
        }
    }

    /// <summary>The table above is only right if each caller stands where its name says; this checks the directory agrees.</summary>
    [Fact]
    public void Each_caller_stands_where_its_name_says()
    {
        var chain = SampleUnits.ChainOf(Unit);
        Assert.Equal(Enum.GetValues<Tier>(), chain.Select(n => n.Tier));
        foreach (var tier in Enum.GetValues<Tier>().Where(t => t != Tier.City))
        {
            var offChain = SampleDirectory.Node(OffChainNode(tier));
            Assert.Equal(tier, offChain.Tier);
            Assert.DoesNotContain(chain, n => n.Responsible.PersonId == offChain.Responsible.PersonId);
        }

        var town = chain.Single(n => n.Tier == Tier.Town).Id;
        Assert.True(SampleDirectory.Directory.MayDispatch(town, DispatchedDepartment));
        Assert.True(SampleDirectory.Directory.MayDispatch(town, DepartmentNotDispatched));
        Assert.Null(SampleDirectory.Directory.FindPersonByIdentity(OutsiderIdentity));
        Assert.Null(SampleDirectory.Directory.FindDepartmentByIdentity(OutsiderIdentity));
    }

    public static Tier HoldingTier(State state) => state switch
    {
        State.AtUnit => Tier.Unit,
        State.AtGrid => Tier.Grid,
        State.AtCommunity => Tier.Community,
        State.AtDistrict => Tier.District,
        State.AtCity => Tier.City,
        _ => Tier.Town,
    };

    private static string OnChainNode(Tier tier) => SampleUnits.ChainOf(Unit).Single(n => n.Tier == tier).Id;

    private static string OffChainNode(Tier tier) => tier switch
    {
        Tier.Unit => "bantou-g1-u2",
        Tier.Grid => "bantou-g2",
        Tier.Community => "xialin",
        Tier.Town => "xitianwei-town",
        Tier.District => "licheng",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "The city has no node off the chain."),
    };

    private static bool ActedOn(JsonNode view, Endpoint endpoint, State state, Caller caller)
    {
        if (endpoint == Endpoint.DepartmentReport)
        {
            return view["dispatches"]!.AsArray().Any(d =>
                d!["departmentId"]!.GetValue<string>() == DispatchedDepartment && d["state"]!.GetValue<string>() == DispatchStates.Acknowledged);
        }

        var kind = HoldingTier(state) == Tier.City ? TimelineKinds.Resolved : TimelineKinds.Escalated;
        var reviewer = SampleDirectory.Directory.FindPersonByIdentity(SignIn(caller).Identity!)!.PersonId;
        return view["timeline"]!.AsArray().Any(t =>
            t!["kind"]!.GetValue<string>() == kind
            && t["tier"]?.GetValue<string>() == HoldingTier(state).ToWireName()
            && t["actorId"]?.GetValue<string>() == reviewer);
    }

    private static HttpRequestMessage Request(Endpoint endpoint, State state, Caller caller, string eventId, int round)
    {
        var (identity, roles) = SignIn(caller);
        var (method, path, body) = endpoint switch
        {
            Endpoint.ReadEvent => (HttpMethod.Get, $"/api/events/{eventId}", null),
            Endpoint.Review => (HttpMethod.Post, $"/api/events/{eventId}/reviews", (HttpContent?)JsonContent.Create(Events.WithRound(ReviewFor(state), round))),
            _ => (HttpMethod.Post, $"/api/events/{eventId}/department-reports", JsonContent.Create(Events.WithRound(Events.DepartmentReportBody(DepartmentReportKinds.Acknowledged, note: "on it"), round))),
        };
        var request = TestHost.As(method, path, identity, roles);
        request.Content = body;
        return request;
    }

    private static (string? Identity, string[] Roles) SignIn(Caller caller) => caller switch
    {
        Caller.UnitHeadOnChain => (SampleDirectory.IdentityOf(OnChainNode(Tier.Unit)), Array.Empty<string>()),
        Caller.UnitHeadOffChain => (SampleDirectory.IdentityOf(OffChainNode(Tier.Unit)), []),
        Caller.GridHeadOnChain => (SampleDirectory.IdentityOf(OnChainNode(Tier.Grid)), []),
        Caller.GridHeadOffChain => (SampleDirectory.IdentityOf(OffChainNode(Tier.Grid)), []),
        Caller.CommunityHeadOnChain => (SampleDirectory.IdentityOf(OnChainNode(Tier.Community)), []),
        Caller.CommunityHeadOffChain => (SampleDirectory.IdentityOf(OffChainNode(Tier.Community)), []),
        Caller.TownHeadOnChain => (SampleDirectory.IdentityOf(OnChainNode(Tier.Town)), []),
        Caller.TownHeadOffChain => (SampleDirectory.IdentityOf(OffChainNode(Tier.Town)), []),
        Caller.DistrictHeadOnChain => (SampleDirectory.IdentityOf(OnChainNode(Tier.District)), []),
        Caller.DistrictHeadOffChain => (SampleDirectory.IdentityOf(OffChainNode(Tier.District)), []),
        Caller.CityHead => (SampleDirectory.IdentityOf(OnChainNode(Tier.City)), []),
        Caller.DispatchedDepartmentDesk => (SampleDirectory.Directory.FindDepartment(DispatchedDepartment)!.Contact.IdentityId, []),
        Caller.DepartmentNotDispatchedDesk => (SampleDirectory.Directory.FindDepartment(DepartmentNotDispatched)!.Contact.IdentityId, []),
        Caller.Admin => (SampleDirectory.AdminIdentity, ["Grassroots.Admin"]),
        Caller.Outsider => (OutsiderIdentity, []),
        _ => ((string?)null, []),
    };

    private static object ReviewFor(State state) => HoldingTier(state) == Tier.City
        ? Events.ReviewBody(Tier.City.ToWireName(), ReviewDecisions.Resolve, ResolutionOutcomes.Fixed)
        : Events.ReviewBody(HoldingTier(state).ToWireName(), ReviewDecisions.Escalate);
}
