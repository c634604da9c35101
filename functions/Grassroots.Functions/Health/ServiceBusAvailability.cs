namespace Grassroots.Functions.Health;

/// <summary>Whether a Service Bus connection is configured; without one, notifications are kept on the timeline only.</summary>
public sealed record ServiceBusAvailability(bool IsConfigured);
