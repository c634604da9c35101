using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Grassroots.IntegrationTests.Intake;

/// <summary>No event lost: the row is written before the orchestration starts, and a failed start is repaired by the next request with the same key.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class CaptureRepairTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_start_that_fails_after_the_write_leaves_the_event_awaiting_start_and_the_retry_with_the_same_key_starts_it()
    {
        var services = fixture.Host.Services;
        var capture = new EventCapture(
            services.GetRequiredService<GrassrootsTables>(), services.GetRequiredService<DirectoryStore>(), services.GetRequiredService<UnitLocator>(), services.GetRequiredService<OpenEventIndex>(), TimeProvider.System,
            Options.Create(new IntakeOptions()), Options.Create(new GrassrootsOptions()), Options.Create(new FollowUpOptions()), services.GetRequiredService<TrackingTokenIssuer>(), services.GetRequiredService<TimelineLog>(),
            NullLogger<EventCapture>.Instance);
        var durable = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        durable.SetupSequence(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unreachable"))
            .ReturnsAsync("started");
        var report = new ValidEventReport("safety", "Loose balcony railing", "It wobbles.", SampleUnits.UnitUnder("dongxing").Id,
            null, null, "hotline", DateTimeOffset.UtcNow.AddHours(-1), [], "hotline-555");

        var first = await capture.CaptureAsync(report, EventCapture.ScopedKey("hotline", null, "hotline-555"), durable.Object, CancellationToken.None);
        var stored = await services.GetRequiredService<EventReader>().FindAsync(first.EventId!);

        Assert.Equal(CaptureStatus.AwaitingStart, first.Status);
        Assert.Single(durable.Invocations, i => i.Method.Name == nameof(DurableTaskClient.ScheduleNewOrchestrationInstanceAsync));
        Assert.Equal(EventStage.AwaitingStart, stored!.Row.Stage);
        Assert.Equal("captured", Assert.Single(stored.Timeline).Kind);

        var retry = await capture.CaptureAsync(report, EventCapture.ScopedKey("hotline", null, "hotline-555"), durable.Object, CancellationToken.None);

        Assert.NotNull(first.TrackingToken);
        Assert.Equal((CaptureStatus.AlreadyCaptured, first.EventId, first.TrackingToken), (retry.Status, retry.EventId, retry.TrackingToken));
        durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == EventEscalation.OrchestratorName), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == first.EventId), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal(1, await fixture.Host.CountAsync(TableNames.Events, "event"));
    }
}

/// <summary>Reproduction 4 of issue 13: a request cancelled after writing the event row must not keep its start claim.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class CaptureCancellationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_request_cancelled_after_writing_the_event_releases_its_start_claim_so_a_retry_within_the_claim_timeout_starts_the_escalation()
    {
        var services = fixture.Host.Services;
        var capture = new EventCapture(
            services.GetRequiredService<GrassrootsTables>(), services.GetRequiredService<DirectoryStore>(), services.GetRequiredService<UnitLocator>(), services.GetRequiredService<OpenEventIndex>(), TimeProvider.System,
            Options.Create(new IntakeOptions { StartClaimTimeout = TimeSpan.FromMinutes(10) }), Options.Create(new GrassrootsOptions()), Options.Create(new FollowUpOptions()),
            services.GetRequiredService<TrackingTokenIssuer>(), services.GetRequiredService<TimelineLog>(), NullLogger<EventCapture>.Instance);
        var durable = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        // The caller hangs up while intake starts the escalation: the row is written, the start is cancelled.
        durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        durable.SetupSequence(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException("the request was aborted"))
            .ReturnsAsync("started");
        var report = new ValidEventReport("safety", "Exposed wiring in the stairwell", "Sparks at night.", SampleUnits.UnitUnder("dongxing").Id,
            null, null, "hotline", DateTimeOffset.UtcNow.AddHours(-1), [], "hotline-cancelled-1");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => capture.CaptureAsync(report, "channel:hotline:hotline-cancelled-1", durable.Object, CancellationToken.None));
        var retry = await capture.CaptureAsync(report, "channel:hotline:hotline-cancelled-1", durable.Object, CancellationToken.None);

        Assert.Equal(CaptureStatus.AlreadyCaptured, retry.Status);
        durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == EventEscalation.OrchestratorName), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == retry.EventId), It.IsAny<CancellationToken>()), Times.Exactly(2));
        // The retry took the released claim over, so it looked for the instance first; the first request, under its own fresh claim, had no need to.
        durable.Verify(c => c.GetInstanceAsync(retry.EventId!, It.IsAny<CancellationToken>()), Times.Once);
    }
}
