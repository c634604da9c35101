using Grassroots.Functions.Events;
using Grassroots.Functions.Notifications;

namespace Grassroots.Functions.Escalation;

/// <summary>A step to record and the notices it sends, numbered with the step, in the order they are sent.</summary>
public sealed record NotifyingStep(StepRecord Step, IReadOnlyList<Notification> Notices);
