using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace Grassroots.DepartmentConsumer;

/// <summary>
/// A department's side of a dispatch (派单): reads its queue, acknowledges each dispatched event the same day, works
/// on it, and reports it resolved. Messages are completed only after the platform has the report, so nothing is lost;
/// a report the platform already has (409) counts as done, so a redelivered message changes nothing.
/// </summary>
public sealed class DepartmentQueueConsumer(
    ServiceBusClient client, ReportClient reports, DepartmentConsumerOptions options, ILogger<DepartmentQueueConsumer> logger) : IAsyncDisposable
{
    private ServiceBusProcessor? processor;

    public int Handled { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        processor = client.CreateProcessor(options.QueueName, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = 4,
        });
        processor.ProcessMessageAsync += HandleAsync;
        processor.ProcessErrorAsync += args =>
        {
            logger.LogWarning(args.Exception, "Queue {Queue}: {Source} failed", options.QueueName, args.ErrorSource);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync(cancellationToken);
    }

    private async Task HandleAsync(ProcessMessageEventArgs args)
    {
        var message = args.Message;
        var eventId = message.CorrelationId;
        switch (message.Subject)
        {
            case "dispatched":
                int round;
                using (var body = JsonDocument.Parse(message.Body.ToMemory()))
                {
                    // Every report answers the dispatch round this notice names; a report for an older round is refused (409).
                    round = body.RootElement.GetProperty("round").GetInt32();
                    logger.LogInformation("{Department} received event {EventId} (round {Round}): {Note}", options.DepartmentId, eventId, round,
                        body.RootElement.TryGetProperty("note", out var note) ? note.GetString() : null);
                }

                await reports.ReportAsync(eventId, round, "acknowledged", "Received; a team is assigned.", null, args.CancellationToken);
                await Task.Delay(options.WorkTime, args.CancellationToken);
                await reports.ReportAsync(eventId, round, "resolved", options.ResolutionNote, null, args.CancellationToken);
                break;
            case "department-overdue":
                logger.LogWarning("{Department} missed a deadline on event {EventId}; the platform has escalated it", options.DepartmentId, eventId);
                break;
            case "dispatch-withdrawn":
                // The department was removed from the directory and its part moved elsewhere: its reports are refused from now on.
                logger.LogWarning("{Department} no longer handles event {EventId}; its part moved to another department", options.DepartmentId, eventId);
                break;
            default:
                logger.LogInformation("{Department} ignores {Kind} for {EventId}", options.DepartmentId, message.Subject, eventId);
                break;
        }

        await args.CompleteMessageAsync(message, args.CancellationToken);
        Handled++;
    }

    public async ValueTask DisposeAsync()
    {
        if (processor is not null)
        {
            await processor.StopProcessingAsync();
            await processor.DisposeAsync();
        }
    }
}
