namespace Grassroots.Functions.Notifications;

/// <summary>
/// What a bounded read of the outbox saw: how many notices wait (at most the read's limit, <see cref="MoreThanCounted"/>
/// when there are more) and since when the oldest of them has waited.
/// </summary>
public sealed record OutboxBacklog(int Depth, bool MoreThanCounted, DateTimeOffset? OldestKeptAt)
{
    /// <summary>
    /// The outbox has been non-empty at least since its oldest notice was kept; when more rows wait than were read the
    /// true oldest can only be older, so this errs towards reporting late, never falsely.
    /// </summary>
    public bool HasWaitedLongerThan(TimeSpan limit, DateTimeOffset now) => OldestKeptAt is { } oldest && now - oldest > limit;
}
