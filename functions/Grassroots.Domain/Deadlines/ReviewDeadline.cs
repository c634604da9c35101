namespace Grassroots.Domain;

/// <summary>When a tier's review is due, and when to remind its responsible person; both in UTC.</summary>
/// <param name="DeadlineUtc">Unreviewed by then, the event escalates automatically and the miss is charged to the person.</param>
/// <param name="ReminderUtc">When to remind; null when there is no time for a reminder (or reminders are off).</param>
public sealed record ReviewDeadline(DateTimeOffset DeadlineUtc, DateTimeOffset? ReminderUtc);
