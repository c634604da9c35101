namespace Grassroots.Simulator;

/// <summary>Maps wall time to the simulated calendar: day index = wall time since the start ÷ the day's length.</summary>
public sealed class SimulatedCalendar(DateTimeOffset start, TimeSpan day)
{
    public DateTimeOffset Start { get; } = start;

    public TimeSpan Day { get; } = day;

    public double DayOf(DateTimeOffset wall) => (wall - Start) / Day;

    public DateTimeOffset WallOf(double simulatedDay) => Start + Day * simulatedDay;

    public double Now => DayOf(DateTimeOffset.UtcNow);

    public Task UntilAsync(double simulatedDay, CancellationToken cancellationToken) => UntilAsync(WallOf(simulatedDay), cancellationToken);

    public static async Task UntilAsync(DateTimeOffset wall, CancellationToken cancellationToken)
    {
        var wait = wall - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
