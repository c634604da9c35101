using System.Diagnostics;
using System.Reflection;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;
using Grassroots.Functions.Supervision;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Health;

/// <summary>Probes each dependency with the same clients and rights the pipeline uses.</summary>
public sealed class HealthReporter(
    TableServiceClient tables,
    ServiceBusAvailability serviceBusAvailability,
    IServiceProvider services,
    OpenEventIndex openEvents,
    TimeProvider clock,
    IOptions<GrassrootsOptions> options,
    NotificationOutbox outbox,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<SupervisionOptions> supervisionOptions,
    ILogger<HealthReporter> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Rows a health request reads from a backlog at most: the answer stays cheap however long an outage lasted.</summary>
    public const int BacklogReadLimit = 100;

    public static string BuildVersion { get; } =
        typeof(HealthReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<HealthReport> CheckAsync(DurableTaskClient durableClient, CancellationToken cancellationToken)
    {
        var tableCheck = ProbeAsync("tables", async ct =>
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }, cancellationToken);
        // Reading an instance that never exists touches the task hub's storage without changing it.
        var hubCheck = ProbeAsync("taskHub", ct => durableClient.GetInstanceAsync("health-probe", ct), cancellationToken);
        var busCheck = serviceBusAvailability.IsConfigured
            ? ProbeServiceBusWithEndpointAsync(cancellationToken)
            : Task.FromResult(new DependencyCheck(DependencyCheck.NotConfigured, 0));

        var outboxCheck = CheckOutboxAsync(cancellationToken);

        await Task.WhenAll(tableCheck, hubCheck, busCheck, outboxCheck);
        var dependencies = new Dictionary<string, DependencyCheck>
        {
            ["tables"] = await tableCheck,
            ["taskHub"] = await hubCheck,
            ["serviceBus"] = await busCheck,
        };
        var backlogs = new Dictionary<string, BacklogCheck> { ["outbox"] = await outboxCheck };
        // Service Bus is optional: without it notifications stay on the timeline, the pipeline still works.
        var repairs = dependencies["tables"].Status == DependencyCheck.Up ? await CheckRepairsAsync(cancellationToken) : null;
        var repairsStale = repairs?.OldestSince is { } since && clock.GetUtcNow() - since > repairs.DegradedAfter;
        var status = dependencies.Any(d => d.Value.Status == DependencyCheck.Down) ? HealthReport.Unhealthy
            : backlogs.Any(b => b.Value.Status == BacklogCheck.Stale) || repairsStale ? HealthReport.Degraded
            : HealthReport.Healthy;
        return new HealthReport(status, BuildVersion, dependencies, backlogs, repairs);
    }

    private async Task<RepairCheck> CheckRepairsAsync(CancellationToken cancellationToken)
    {
        var underRepair = await openEvents.UnderRepairAsync(cancellationToken);
        return new RepairCheck(underRepair.Count, underRepair.Count == 0 ? null : underRepair.Min(r => r.Since), supervisionOptions.Value.RepairDegradedAfter);
    }

    private async Task<BacklogCheck> CheckOutboxAsync(CancellationToken cancellationToken)
    {
        var degradedAfter = outboxOptions.Value.DegradedAfter;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var backlog = await outbox.BacklogAsync(BacklogReadLimit, timeout.Token);
            var status = backlog.Depth == 0 ? BacklogCheck.Clear
                : backlog.HasWaitedLongerThan(degradedAfter, clock.GetUtcNow()) ? BacklogCheck.Stale
                : BacklogCheck.Waiting;
            return new BacklogCheck(status, backlog.Depth, backlog.MoreThanCounted, backlog.OldestKeptAt, degradedAfter);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unreadable means the table store is down, which the tables probe already reports.
            logger.LogWarning(ex, "Health could not read the notification outbox");
            return new BacklogCheck(BacklogCheck.Unknown, 0, false, null, degradedAfter, ex.GetType().Name + ": " + FirstLine(ex.Message));
        }
    }

    private async Task<DependencyCheck> ProbeServiceBusWithEndpointAsync(CancellationToken cancellationToken)
    {
        var check = await ProbeAsync("serviceBus", ProbeServiceBusAsync, cancellationToken);
        return check with { Detail = check.Detail ?? serviceBusAvailability.Endpoint };
    }

    private async Task ProbeServiceBusAsync(CancellationToken ct)
    {
        // Opening a send link proves the namespace, the entity and our Send right without sending anything.
        var client = services.GetRequiredService<ServiceBusClient>();
        await using var sender = client.CreateSender(options.Value.ReviewerTopic);
        using var batch = await sender.CreateMessageBatchAsync(ct);
    }

    private async Task<DependencyCheck> ProbeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await probe(timeout.Token);
            return new DependencyCheck(DependencyCheck.Up, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A probe's failure is the answer we report, not an error of the health endpoint itself.
            logger.LogWarning(ex, "Health probe {Dependency} failed", name);
            return new DependencyCheck(DependencyCheck.Down, watch.ElapsedMilliseconds, ex.GetType().Name + ": " + FirstLine(ex.Message));
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
