using System.Text.Json.Serialization;

namespace Grassroots.Functions.Notifications;

/// <summary>What became of one notice: sent, nothing to send (no broker configured), or delayed into the outbox.</summary>
public sealed record NoticeDelivery(string Outcome, string? Reason = null)
{
    public const string SentOutcome = "sent";
    public const string NotConfiguredOutcome = "not-configured";
    public const string DelayedOutcome = "delayed";

    public static NoticeDelivery Sent { get; } = new(SentOutcome);

    public static NoticeDelivery NotConfigured { get; } = new(NotConfiguredOutcome);

    public static NoticeDelivery Delayed(string reason) => new(DelayedOutcome, reason);

    [JsonIgnore]
    public bool IsDelayed => Outcome == DelayedOutcome;
}
