using Azure.Data.Tables;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.Escalation;

/// <summary>An event stuck at the city costs the same per day however long it stays: one generation, one breach per city day.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class BoundedHistoryTests
{
    /// <summary>The bound README states: history rows of one generation of an escalation, whatever its age.</summary>
    public const int HistoryBound = 60;

    [Fact]
    public async Task An_event_stuck_at_the_city_keeps_a_bounded_history_and_is_charged_at_most_one_breach_per_city_day()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:00:02" });
        var unit = SampleUnits.UnitUnder("dongxing");
        var (eventId, _) = await host.CaptureAsync(unit.Id);

        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Count(k => k == "overdue") >= 3, TimeSpan.FromSeconds(120));
        var early = await HistoryByExecutionAsync(host, eventId);
        var view = await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Count(k => k == "overdue") >= 8, TimeSpan.FromSeconds(120));
        var late = await HistoryByExecutionAsync(host, eventId);

        // Every generation replays only its own history, and none of them grows with the event's age.
        Assert.True(late.Values.Max() <= HistoryBound, $"largest generation: {late.Values.Max()} rows");
        Assert.True(late.Count > early.Count || late.Values.Sum() <= early.Values.Sum() + HistoryBound, "the city days run in new generations");
        Assert.True(late.Values.Last() <= HistoryBound);

        var cityRounds = view["timeline"]!.AsArray().Where(t => t!["tier"]?.GetValue<string>() == "city" && t["kind"]!.GetValue<string>() is "arrived" or "overdue").Count();
        var cityMisses = view["timeline"]!.AsArray().Count(t => t!["tier"]?.GetValue<string>() == "city" && t["kind"]!.GetValue<string>() == "deadline-missed");
        var breaches = await host.Services.GetRequiredService<GrassrootsTables>().GetAsync(TableNames.Breaches);
        var cityBreaches = 0;
        await foreach (var breach in breaches.QueryAsync<BreachRow>(b => b.EventId == eventId && b.Tier == "city"))
        {
            cityBreaches++;
        }

        Assert.True(cityBreaches <= cityRounds, $"{cityBreaches} city breaches in {cityRounds} city rounds");
        Assert.True(cityBreaches >= cityMisses - 1 && cityBreaches <= cityMisses, $"{cityBreaches} breaches for {cityMisses} missed city deadlines");
        Assert.Equal(cityRounds, view["timeline"]!.AsArray().Where(t => t!["tier"]?.GetValue<string>() == "city" && t["kind"]!.GetValue<string>() is "arrived" or "overdue")
            .Select(t => t!["sequence"]!.GetValue<int>()).Distinct().Count());
    }

    /// <summary>The task hub's History rows of the instance, counted per execution (generation), in the order they started.</summary>
    private static async Task<IReadOnlyDictionary<string, int>> HistoryByExecutionAsync(TestHost host, string eventId)
    {
        var history = new TableClient("UseDevelopmentStorage=true", host.Name + "History");
        var counts = new Dictionary<string, int>();
        var order = new Dictionary<string, DateTimeOffset>();
        await foreach (var row in history.QueryAsync<TableEntity>(r => r.PartitionKey == eventId, select: ["ExecutionId", "Timestamp"]))
        {
            var execution = row.GetString("ExecutionId") ?? "";
            counts[execution] = counts.GetValueOrDefault(execution) + 1;
            if (!order.TryGetValue(execution, out var first) || row.Timestamp < first)
            {
                order[execution] = row.Timestamp ?? DateTimeOffset.MinValue;
            }
        }

        return counts.OrderBy(c => order[c.Key]).ToDictionary(c => c.Key, c => c.Value);
    }
}
