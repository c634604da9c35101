using System.Text.Json;
using Azure.Data.Tables;
using Grassroots.Domain.Events;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Reporting;

/// <summary>
/// Nine events in October 2026 (Putian time) whose figures are known by hand, recorded through the real activities
/// (RecordStep, ChargeBreach) exactly as an orchestration would call them.
/// Dongxing community: unit head A (dongxing-g1-u1) resolves E1–E4 herself after 10, 20, 30 and 60 minutes; unit head B
/// (dongxing-g1-u2) escalates E5, which the grid closes as a duplicate after 120 minutes; unit head C (dongxing-g2-u1)
/// misses the deadline on E6 (the grid fixes it after 240 minutes), resolves E7 after 5 minutes, and misses the deadline
/// on E8, which stays open at the grid. E9 is open in another community (Xialin).
/// </summary>
public static class KnownDataSet
{
    public const string UnitA = "dongxing-g1-u1";
    public const string UnitB = "dongxing-g1-u2";
    public const string UnitC = "dongxing-g2-u1";
    public const string OtherUnit = "xialin-g1-u1";
    public const string Community = "dongxing";

    private static readonly TimeSpan Putian = TimeSpan.FromHours(8);

    public static IReadOnlyList<string> EventIds { get; } = Enumerable.Range(1, 9).Select(i => "EV202610-KNOWN-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public static string E(int number) => EventIds[number - 1];

    public static IReadOnlyList<object> Records { get; } = BuildRecords();

    public static async Task SeedAsync(TestHost host)
    {
        var events = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Events);
        foreach (var (number, unit, captured) in Captures())
        {
            await events.UpsertEntityAsync(new EventRow
            {
                PartitionKey = E(number),
                Category = "dispute",
                Title = "Known event " + number,
                UnitId = unit,
                Channel = "app",
                CapturedAt = captured,
                OccurredAt = captured,
                ChainJson = JsonSerializer.Serialize(SampleUnits.ChainOf(unit).Select(n => n.Id).ToList()),
            }, TableUpdateMode.Replace);
        }

        await ReplayAsync(host);
    }

    /// <summary>Runs every recorded step and breach through the activities, in order, as an orchestration would.</summary>
    public static async Task ReplayAsync(TestHost host)
    {
        var recordStep = ActivatorUtilities.CreateInstance<RecordStepActivity>(host.Services);
        var chargeBreach = ActivatorUtilities.CreateInstance<ChargeBreachActivity>(host.Services);
        foreach (var record in Records)
        {
            switch (record)
            {
                case StepRecord step:
                    await recordStep.Run(step);
                    break;
                case BreachRecord breach:
                    await chargeBreach.Run(breach);
                    break;
            }
        }
    }

    private static IEnumerable<(int Number, string Unit, DateTimeOffset Captured)> Captures()
    {
        for (var i = 0; i < 4; i++)
        {
            yield return (i + 1, UnitA, At(5, 10, i));
        }

        yield return (5, UnitB, At(6, 9, 0));
        yield return (6, UnitC, At(7, 9, 0));
        yield return (7, UnitC, At(7, 9, 1));
        yield return (8, UnitC, At(7, 9, 2));
        yield return (9, OtherUnit, At(8, 9, 0));
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 10, day, hour, minute, 0, Putian);

    private static List<object> BuildRecords()
    {
        var records = new List<object>();
        var captured = Captures().ToDictionary(c => c.Number, c => c.Captured);
        int[] minutesA = [10, 20, 30, 60];
        for (var i = 1; i <= 4; i++)
        {
            var steps = new Steps(E(i), UnitA, records);
            steps.Arrive(0, captured[i]);
            steps.Resolve(0, captured[i].AddMinutes(minutesA[i - 1]), ResolutionOutcomes.Fixed);
        }

        var e5 = new Steps(E(5), UnitB, records);
        e5.Arrive(0, captured[5]);
        e5.Escalate(0, captured[5].AddMinutes(30));
        e5.Arrive(1, captured[5].AddMinutes(30));
        e5.Resolve(1, captured[5].AddMinutes(120), ResolutionOutcomes.Duplicate);

        var e6 = new Steps(E(6), UnitC, records);
        e6.Arrive(0, captured[6]);
        e6.MissDeadline(0, captured[6].AddHours(1));
        e6.Arrive(1, captured[6].AddHours(1));
        e6.Resolve(1, captured[6].AddMinutes(240), ResolutionOutcomes.Fixed);

        var e7 = new Steps(E(7), UnitC, records);
        e7.Arrive(0, captured[7]);
        e7.Resolve(0, captured[7].AddMinutes(5), ResolutionOutcomes.Fixed);

        var e8 = new Steps(E(8), UnitC, records);
        e8.Arrive(0, captured[8]);
        e8.MissDeadline(0, captured[8].AddHours(1));
        e8.Arrive(1, captured[8].AddHours(1));

        new Steps(E(9), OtherUnit, records).Arrive(0, captured[9]);
        return records;
    }

    /// <summary>Writes one event's steps the way the orchestrator numbers and words them.</summary>
    private sealed class Steps(string eventId, string unitId, List<object> records)
    {
        private readonly IReadOnlyList<Domain.OrgNode> chain = SampleUnits.ChainOf(unitId);
        private int sequence;

        public void Arrive(int level, DateTimeOffset at)
        {
            var link = chain[level];
            Record(at, TimelineKinds.Arrived, level, null, new EventChange
            {
                Stage = EventStage.AwaitingReview,
                CurrentTier = Tier(level),
                CurrentNodeId = link.Id,
                ResponsiblePersonId = link.Responsible.PersonId,
                ResponsiblePersonName = link.Responsible.Name,
                Overdue = false,
            });
            Record(at, TimelineKinds.ReviewRequested, level, link.Responsible.PersonId, null);
        }

        public void Escalate(int level, DateTimeOffset at) => Record(at, TimelineKinds.Escalated, level, chain[level].Responsible.PersonId, null);

        public void MissDeadline(int level, DateTimeOffset at)
        {
            var link = chain[level];
            var step = Record(at, TimelineKinds.DeadlineMissed, level, link.Responsible.PersonId, null);
            records.Add(new BreachRecord(eventId, step, BreachKinds.Review, Tier(level), link.Id, link.Responsible.PersonId, link.Responsible.Name, at, at));
        }

        public void Resolve(int level, DateTimeOffset at, string outcome) =>
            Record(at, TimelineKinds.Resolved, level, chain[level].Responsible.PersonId, new EventChange
            {
                Status = outcome == ResolutionOutcomes.Fixed ? EventStatus.Resolved : EventStatus.Closed,
                Stage = EventStage.Done,
                Outcome = outcome,
                ResolvedTier = Tier(level),
                ResolvedByPersonId = chain[level].Responsible.PersonId,
                ClosedAt = at,
                Overdue = false,
            });

        private int Record(DateTimeOffset at, string kind, int level, string? actorId, EventChange? change)
        {
            var link = chain[level];
            records.Add(new StepRecord(eventId, ++sequence, at, kind, Tier(level), link.Id, actorId, actorId is null ? null : link.Responsible.Name, null, null, change));
            return sequence;
        }

        private string Tier(int level) => Domain.TierExtensions.ToWireName(chain[level].Tier);
    }
}
