using Grassroots.Domain.Events;
using Microsoft.Extensions.Logging;

namespace Grassroots.Functions.Events;

/// <summary>
/// One log line for each step a person running the platform watches for: an event captured, escalated, dispatched,
/// closed, or a deadline missed. They share the category <see cref="Category"/>, so a quiet console (the local host's
/// default) can show them while it holds every SDK's chatter at Warning. Written only by the code that first stores the
/// step, never on a retry that finds it stored, so a line means one step.
/// </summary>
public sealed partial class TimelineLog(ILoggerFactory loggers)
{
    public const string Category = "Grassroots.Timeline";

    private readonly ILogger logger = loggers.CreateLogger(Category);

    public void Captured(string eventId, string category, string unitId) => EventCaptured(logger, eventId, category, unitId);

    /// <summary>Logs the step when it is one of the watched kinds; every other kind stays on the timeline only.</summary>
    public void Recorded(StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        switch (step.Kind)
        {
            case TimelineKinds.Escalated:
                EventEscalated(logger, step.EventId, step.Tier, step.NodeId, step.ActorName);
                break;
            case TimelineKinds.Dispatched:
                EventDispatched(logger, step.EventId, step.Tier, step.NodeId, step.Note);
                break;
            case TimelineKinds.Resolved:
                EventClosed(logger, step.EventId, step.Tier, step.Change?.Outcome, step.Change?.Status);
                break;
            case TimelineKinds.DeadlineMissed:
                DeadlineMissed(logger, step.EventId, step.Tier, step.NodeId, step.ActorName);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} captured: {EventCategory} at unit {UnitId}")]
    private static partial void EventCaptured(ILogger logger, string eventId, string eventCategory, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} escalated by {Tier} {NodeId} ({Actor})")]
    private static partial void EventEscalated(ILogger logger, string eventId, string? tier, string? nodeId, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} dispatch at {Tier} {NodeId}: {Note}")]
    private static partial void EventDispatched(ILogger logger, string eventId, string? tier, string? nodeId, string? note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} closed at {Tier}: {Status} ({Outcome})")]
    private static partial void EventClosed(ILogger logger, string eventId, string? tier, string? outcome, string? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} missed its deadline at {Tier} {NodeId}: breach charged to {Person}")]
    private static partial void DeadlineMissed(ILogger logger, string eventId, string? tier, string? nodeId, string? person);
}
