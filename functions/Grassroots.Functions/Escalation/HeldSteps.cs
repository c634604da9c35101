using Grassroots.Domain.Events;
using Grassroots.Functions.Notifications;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// Steps numbered and drafted for <paramref name="Expected"/>, to record with the read of who holds the event, only if
/// that is still who holds it, nothing moved the event and, with a <paramref name="Review"/>, the rules accept the review
/// from the people on duty the read finds (or <paramref name="FallbackAnswerers"/> when it finds none).
/// </summary>
public sealed record HeldStepsRequest(
    HolderQuery Query, ChainLink Expected, NotifyingSteps Steps, ReviewDecision? Review = null, IReadOnlyList<string>? FallbackAnswerers = null);

/// <param name="Deliveries">What became of each notice when the steps were recorded; null when they were not.</param>
public sealed record HeldSteps(HolderAnswer Answer, IReadOnlyList<NoticeDelivery>? Deliveries)
{
    public bool Recorded => Deliveries is not null;
}
