using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Escalation;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Hardening;

/// <summary>
/// A host where nothing moves on its own for two hours (no reminders, long deadlines), holding one event waiting for its
/// unit's review and one dispatched to the housing bureau, both under the Bantou community: the states the bad input meets.
/// </summary>
public class HardeningFixture : HostFixture
{
    public const string Unit = "bantou-g1-u1";
    public const string Department = "chengxiang-housing";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Grassroots:FixedReviewDuration"] = "02:00:00",
        ["Grassroots:ReminderLead"] = "00:00:00",
    };

    public string WaitingEventId { get; private set; } = "";

    public string DispatchedEventId { get; private set; } = "";

    /// <summary>Resolved at the unit: its follow-up (回访) is open for the default window.</summary>
    public string FollowUpEventId { get; private set; } = "";

    public string FollowUpTrackingToken { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var chain = SampleUnits.ChainOf(Unit);
        (WaitingEventId, _) = await Host.CaptureAsync(Unit);
        (DispatchedEventId, _) = await Host.CaptureAsync(Unit);
        foreach (var (node, tier) in chain.Take(3).Zip(new[] { "unit", "grid", "community" }))
        {
            await Host.WaitForEventAsync(DispatchedEventId, e => EscalationEndToEndTests.Tier(e) == tier && EscalationEndToEndTests.Stage(e) == "awaiting-review");
            (await Host.ReviewAsync(DispatchedEventId, node.Responsible.IdentityId, new { tier, decision = "escalate" })).Dispose();
        }

        await Host.WaitForEventAsync(DispatchedEventId, e => EscalationEndToEndTests.Tier(e) == "town" && EscalationEndToEndTests.Stage(e) == "awaiting-review");
        (await Host.ReviewAsync(DispatchedEventId, chain[3].Responsible.IdentityId, new { tier = "town", decision = "dispatch", departments = new[] { Department } })).Dispose();
        await Host.WaitForEventAsync(DispatchedEventId, e => EscalationEndToEndTests.Stage(e) == "dispatched");
        await Host.WaitForEventAsync(WaitingEventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        (FollowUpEventId, FollowUpTrackingToken) = await Host.CaptureAsync(Unit);
        await Host.WaitForEventAsync(FollowUpEventId, e => EscalationEndToEndTests.Stage(e) == "awaiting-review");
        (await Host.ReviewAsync(FollowUpEventId, chain[0].Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed" })).Dispose();
        await Host.WaitForEventAsync(FollowUpEventId, e => e["followUp"]?["state"]?.GetValue<string>() == "open");
        await WaitUntilQuietAsync();
    }

    /// <summary>Every table's row count, by table.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountRowsAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var table in TableNames.All)
        {
            counts[table] = await Host.CountAsync(table);
        }

        return counts;
    }

    // The orchestrations finish their steps' projections and notifications in the background; counts taken while they
    // still write would blame the next request.
    private async Task WaitUntilQuietAsync()
    {
        var previous = await CountRowsAsync();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(1000);
            var now = await CountRowsAsync();
            if (now.SequenceEqual(previous))
            {
                return;
            }

            previous = now;
        }

        throw new TimeoutException("The tables kept changing for a minute after the fixture's events settled.");
    }
}
