using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>
/// Five events on 10 November 2026 (Putian time) in the Dongxing community whose follow-ups (回访) are known by hand,
/// recorded through the real RecordStep activity exactly as the orchestration words them. Unit head A (dongxing-g1-u1)
/// fixes F1 (answered fixed, 5), F2 (fixed, 3) and F3 (no reply). Unit head B (dongxing-g1-u2) "fixes" F4, the resident
/// says not fixed (1), it reopens at the unit, B fixes it again and the resident says fixed (4). Unit head C
/// (dongxing-g2-u1) escalates F5; the grid worker closes it as not ours, the resident says not fixed (2): it reopens at
/// the grid and stays open there.
/// </summary>
public sealed class FollowUpKnownDataFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:Points:MinimumEvents"] = "1" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var events = await Host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        var recordStep = ActivatorUtilities.CreateInstance<RecordStepActivity>(Host.Services);
        foreach (var (id, unit, steps) in FollowUpKnownData.Events())
        {
            await events.UpsertEntityAsync(new EventRow
            {
                PartitionKey = id, Category = "dispute", Title = "Known follow-up " + id, UnitId = unit, Channel = "app",
                CapturedAt = FollowUpKnownData.Start, OccurredAt = FollowUpKnownData.Start,
                ChainJson = JsonSerializer.Serialize(SampleUnits.ChainOf(unit).Select(n => n.Id).ToList()),
            }, TableUpdateMode.Replace);
            foreach (var step in steps)
            {
                await recordStep.Run(step);
            }
        }
    }
}

public static class FollowUpKnownData
{
    public const string UnitA = "dongxing-g1-u1";
    public const string UnitB = "dongxing-g1-u2";
    public const string UnitC = "dongxing-g2-u1";
    public static readonly DateTimeOffset Start = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static IEnumerable<(string Id, string Unit, IReadOnlyList<StepRecord> Steps)> Events()
    {
        var f1 = new Steps("EV202611-FOLLOW-01", UnitA);
        f1.Arrive(0).Resolve(0, ResolutionOutcomes.Fixed).Answer(0, true, 5);
        var f2 = new Steps("EV202611-FOLLOW-02", UnitA);
        f2.Arrive(0).Resolve(0, ResolutionOutcomes.Fixed).Answer(0, true, 3);
        var f3 = new Steps("EV202611-FOLLOW-03", UnitA);
        f3.Arrive(0).Resolve(0, ResolutionOutcomes.Fixed).NoReply(0);
        var f4 = new Steps("EV202611-FOLLOW-04", UnitB);
        f4.Arrive(0).Resolve(0, ResolutionOutcomes.Fixed).Answer(0, false, 1).Reopen(0, 1).Arrive(0).Resolve(0, ResolutionOutcomes.Fixed).Answer(0, true, 4);
        var f5 = new Steps("EV202611-FOLLOW-05", UnitC);
        f5.Arrive(0).Escalate(0).Arrive(1).Resolve(1, ResolutionOutcomes.NotOurs).Answer(1, false, 2).Reopen(1, 1).Arrive(1);
        return [f1.Done(), f2.Done(), f3.Done(), f4.Done(), f5.Done()];
    }

    /// <summary>One event's steps, a minute apart, numbered and worded as the orchestration writes them.</summary>
    private sealed class Steps(string eventId, string unitId)
    {
        private readonly IReadOnlyList<Domain.OrgNode> chain = SampleUnits.ChainOf(unitId);
        private readonly List<StepRecord> steps = [];

        public (string, string, IReadOnlyList<StepRecord>) Done() => (eventId, unitId, steps);

        public Steps Arrive(int level) => Record(TimelineKinds.Arrived, level, null, new EventChange
        {
            Stage = EventStage.AwaitingReview, CurrentTier = Tier(level), CurrentNodeId = chain[level].Id,
            ResponsiblePersonId = chain[level].Responsible.PersonId, ResponsiblePersonName = chain[level].Responsible.Name, Overdue = false,
        });

        public Steps Escalate(int level) => Record(TimelineKinds.Escalated, level, chain[level].Responsible.PersonId, null);

        public Steps Resolve(int level, string outcome) => Record(TimelineKinds.Resolved, level, chain[level].Responsible.PersonId, new EventChange
        {
            Status = outcome == ResolutionOutcomes.Fixed ? EventStatus.Resolved : EventStatus.Closed, Stage = EventStage.FollowUp, Outcome = outcome,
            ResolvedTier = Tier(level), ResolvedByPersonId = chain[level].Responsible.PersonId, ClosedAt = At(steps.Count + 1), Overdue = false,
        });

        public Steps Answer(int level, bool fixedIt, int satisfaction) => Record(TimelineKinds.FollowUpAnswered, level, "resident", new EventChange
        {
            Stage = fixedIt ? EventStage.Done : null, FollowUpState = "answered", FollowUpFixed = fixedIt, FollowUpSatisfaction = satisfaction,
        });

        public Steps NoReply(int level) => Record(TimelineKinds.FollowUpNoReply, level, null, new EventChange { Stage = EventStage.Done, FollowUpState = "no-reply" });

        public Steps Reopen(int level, int count) => Record(TimelineKinds.Reopened, level, chain[level].Responsible.PersonId, new EventChange
        {
            Status = EventStatus.Open, Stage = EventStage.AwaitingReview, Overdue = false, ReopenCount = count,
        });

        private Steps Record(string kind, int level, string? actorId, EventChange? change)
        {
            steps.Add(new StepRecord(eventId, steps.Count + 1, At(steps.Count + 1), kind, Tier(level), chain[level].Id, actorId, null, null, null, change));
            return this;
        }

        private static DateTimeOffset At(int step) => Start.AddMinutes(step);

        private string Tier(int level) => Domain.TierExtensions.ToWireName(chain[level].Tier);
    }
}

/// <summary>The follow-up figures and points on the known data set, computed by hand (see the fixture).</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class FollowUpKnownDataTests(FollowUpKnownDataFixture fixture) : IClassFixture<FollowUpKnownDataFixture>
{
    private readonly TestHost host = fixture.Host;

    [Fact]
    public async Task Community_follow_up_figures_are_the_hand_computed_ones_per_node_and_per_tier()
    {
        var stats = await GetAsync("/api/stats?nodeId=dongxing&from=2026-11-01&to=2026-11-30");

        // Six follow-ups ended (F4 twice), five answered, two satisfied (F1 fixed 5, F4 fixed 4), two reopens (F4, F5).
        Assert.Equal((6, 5, 2, 2), Counts(stats["followUp"]!));
        Assert.Equal((0.8333, 0.4, 0.3333), Rates(stats["followUp"]!));
        Assert.Equal((5, 4, 2, 1), Counts(stats["followUpByTier"]!["unit"]!));
        Assert.Equal((0.8, 0.5, 0.2), Rates(stats["followUpByTier"]!["unit"]!));
        Assert.Equal((1, 1, 0, 1), Counts(stats["followUpByTier"]!["grid"]!));
        Assert.Equal((1.0, 0.0, 1.0), Rates(stats["followUpByTier"]!["grid"]!));
        // A reopen and re-close counts one close; F5 is open again at the grid, F4 closed again.
        Assert.Equal((5, 5, 4), (stats["captured"]!.GetValue<long>(), stats["closed"]!.GetValue<long>(), stats["fixed"]!.GetValue<long>()));
        Assert.Equal(1, stats["openNow"]!.GetValue<long>());

        // Unit A's own node: only her three events.
        var unitA = await GetAsync($"/api/stats?nodeId={FollowUpKnownData.UnitA}&from=2026-11-01&to=2026-11-30");
        Assert.Equal((3, 2, 1, 0), Counts(unitA["followUp"]!));
        Assert.Null(unitA["followUpByTier"]!["grid"]!["responseRate"]?.GetValue<double>());
    }

    [Fact]
    public async Task The_honour_roll_pays_resolve_points_once_per_confirmed_fix_and_charges_the_reopen()
    {
        var roll = await GetAsync("/api/honour-roll?month=2026-11&nodeId=dongxing");
        var ranked = roll["ranked"]!.AsArray().Select(e => e!).ToList();

        // A: 3 captures + 3 in-time reviews + 3 confirmed fixes × 5 = 21. B: capture 1 + review 1 − reopen 3 + one fix 5 = 4
        // (the fix paid once though closed twice). C: capture 1 + escalation 1 = 2; F5's reopen is the grid worker's.
        Assert.Equal([("p-dongxing-g1-u1", 21), ("p-dongxing-g1-u2", 4), ("p-dongxing-g2-u1", 2)],
            ranked.Select(e => (e["personId"]!.GetValue<string>(), e["points"]!.GetValue<int>())));
        Assert.Equal((3, 2, 1, 0), Counts(ranked[0]["followUp"]!));
        Assert.Equal((0.6667, 0.5, 0.0), Rates(ranked[0]["followUp"]!));
        Assert.Equal((2, 2, 1, 1), Counts(ranked[1]["followUp"]!));
        Assert.Equal((1.0, 0.5, 0.5), Rates(ranked[1]["followUp"]!));
        Assert.Equal((0, 0, 0, 0), Counts(ranked[2]["followUp"]!));
    }

    private static (long, long, long, long) Counts(JsonNode f) =>
        (f["followUps"]!.GetValue<long>(), f["answered"]!.GetValue<long>(), f["satisfied"]!.GetValue<long>(), f["reopened"]!.GetValue<long>());

    private static (double?, double?, double?) Rates(JsonNode f) =>
        (f["responseRate"]?.GetValue<double>(), f["satisfactionRate"]?.GetValue<double>(), f["reopenRate"]?.GetValue<double>());

    private async Task<JsonNode> GetAsync(string path)
    {
        using var request = TestHost.As(HttpMethod.Get, path, SampleDirectory.AdminIdentity, "Grassroots.Admin");
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
