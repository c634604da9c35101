using System.Net;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.IntegrationTests.LocalHost;

[Collection(AzuriteTestGroup.Name)]
public sealed class DurableRestartTests
{
    [Fact]
    public async Task An_orchestration_waiting_for_a_review_survives_a_clean_host_restart_and_finishes()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Grassroots:FixedReviewDuration"] = "00:02:00", ["Grassroots:FollowUp:Window"] = "00:00:03" });
        var unit = SampleUnits.UnitUnder("xialin");
        var (eventId, _) = await host.CaptureAsync(unit.Id);
        await host.WaitForEventAsync(eventId, e => e.TimelineKinds().Contains("review-requested"));
        // Let the notification activity finish: this test is about a waiting orchestration; work in flight at a stop
        // is picked up after its queue visibility timeout, which the deadline test covers.
        await Task.Delay(TimeSpan.FromSeconds(2));

        // The orchestration now races the unit's review against its deadline timer; both live only in Azurite. The timer
        // does not fire here (two minutes): CrashRecoveryTests has one fire after a kill.
        await host.RestartAsync();
        var waiting = await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(eventId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.Contains("\"Stage\":\"awaiting-review\"", waiting.SerializedCustomStatus, StringComparison.Ordinal);

        using var review = await host.ReviewAsync(eventId, unit.Responsible.IdentityId, new { tier = "unit", decision = "resolve", outcome = "fixed" });
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await host.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(eventId, true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }
}
