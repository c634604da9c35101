using System.Net;
using Grassroots.Domain;
using Grassroots.Domain.Events;
using Grassroots.Functions.Events;
using Grassroots.IntegrationTests.Infrastructure;
using static Grassroots.IntegrationTests.Access.AuthorizationAcrossStatesTests;

namespace Grassroots.IntegrationTests.Access;

/// <summary>
/// One event in each state for the calls that are refused (they change nothing, so they can share it), and one event of
/// its own for each call that is accepted (it moves the event on). Every event is escalated by the responsible heads.
/// </summary>
public sealed class EventsInEveryStateFixture : HostFixture
{
    // Several events climb at once; more would only queue up on the shared machine's two cores.
    private const int PreparedAtOnce = 6;

    private readonly Dictionary<State, string> shared = [];
    private readonly Dictionary<(Endpoint, State, Caller), string> own = [];

    // Long enough that no deadline passes while the events are prepared and the matrix runs.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:10:00" };

    /// <summary>The event a cell's call goes to.</summary>
    public string EventFor(Endpoint endpoint, State state, Caller caller) =>
        own.TryGetValue((endpoint, state, caller), out var eventId) ? eventId : shared[state];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var throttle = new SemaphoreSlim(PreparedAtOnce);
        var sharedEvents = Enum.GetValues<State>().ToDictionary(state => state, state => PrepareAsync(state, throttle));
        var ownEvents = AcceptedCells().ToDictionary(cell => cell, cell => PrepareAsync(cell.State, throttle));
        await Task.WhenAll(sharedEvents.Values.Concat(ownEvents.Values));
        foreach (var (state, eventId) in sharedEvents)
        {
            shared[state] = await eventId;
        }

        foreach (var (cell, eventId) in ownEvents)
        {
            own[cell] = await eventId;
        }
    }

    private async Task<string> PrepareAsync(State state, SemaphoreSlim throttle)
    {
        await throttle.WaitAsync();
        try
        {
            switch (state)
            {
                case State.Dispatched:
                    return await Host.CaptureAndDispatchAsync(Unit, Tier.Town, DispatchedDepartment);
                case State.Closed:
                    var eventId = await Host.CaptureAndDispatchAsync(Unit, Tier.Town, DispatchedDepartment);
                    using (var resolved = await Host.DepartmentReportAsync(eventId, DispatchedDepartment, DepartmentReportKinds.Resolved, note: "Settled on site"))
                    {
                        Assert.True(resolved.StatusCode == HttpStatusCode.Accepted, await resolved.Content.ReadAsStringAsync());
                    }

                    await Host.WaitForEventAsync(eventId, e => e["status"]!.GetValue<string>() == EventStatus.Resolved);
                    return eventId;
                default:
                    var (waiting, _) = await Host.CaptureAsync(Unit);
                    await Host.EscalateUpToAsync(waiting, HoldingTier(state));
                    return waiting;
            }
        }
        finally
        {
            throttle.Release();
        }
    }
}
