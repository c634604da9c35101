namespace Grassroots.Functions.Escalation;

/// <summary>Steps that happen together, each with its notices, recorded by one activity; only the first changes the event row.</summary>
public sealed record NotifyingSteps(IReadOnlyList<NotifyingStep> Steps);
