using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grassroots.LocalHost;

/// <summary>
/// Fires every timerTrigger in the metadata on its schedule. Like the Functions host, one function's runs never
/// overlap, and a run that throws is logged and the schedule goes on. <c>LocalHost:TimerPeriod</c> (<c>hh:mm:ss</c>)
/// replaces every schedule with that period so tests need not wait for a minute's tick; <c>off</c> runs no timers.
/// </summary>
public sealed class TimerFunctions(IReadOnlyList<(FunctionMethod Function, TimerSchedule Schedule)> timers, IServiceProvider services, ILogger<TimerFunctions> logger)
    : BackgroundService
{
    public const string TimerTrigger = "timerTrigger";
    public const string PeriodSetting = "LocalHost:TimerPeriod";

    public static void Register(IServiceCollection services, IEnumerable<FunctionMethod> functions, IConfiguration configuration)
    {
        var period = configuration[PeriodSetting];
        if (string.Equals(period, "off", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var timers = functions
            .Where(f => f.Description.Trigger?.Type == TimerTrigger)
            .Select(f =>
            {
                // Checked here, so a function the host cannot invoke fails the start, not its first tick.
                _ = f.Method.GetParameters().Select(ParameterBinder).ToList();
                var schedule = period is { Length: > 0 }
                    ? TimerSchedule.Every(TimeSpan.Parse(period, CultureInfo.InvariantCulture))
                    : TimerSchedule.Parse(f.Description.Trigger!.Schedule ?? throw new InvalidDataException($"Timer function {f.Description.Name} has no schedule."), configuration);
                return (f, schedule);
            })
            .ToList();
        if (timers.Count > 0)
        {
            services.AddHostedService(provider => new TimerFunctions(timers, provider, provider.GetRequiredService<ILogger<TimerFunctions>>()));
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(t => RunScheduleAsync(t.Function, t.Schedule, stoppingToken)));

    private async Task RunScheduleAsync(FunctionMethod function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        DateTime? last = null;
        var next = schedule.NextAfter(DateTime.UtcNow);
        if (function.Description.Trigger!.RunOnStartup)
        {
            await InvokeAsync(function, new TimerInfo { ScheduleStatus = new ScheduleStatus { Next = next, LastUpdated = DateTime.UtcNow } }, stoppingToken);
        }

        logger.LogDebug("Timer {Function} on schedule {Schedule}, next run {Next:O}", function.Description.Name, schedule.Text, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            var now = DateTime.UtcNow;
            var following = schedule.NextAfter(now);
            // Past due as the host means it: this run comes after the next one should already have started.
            var info = new TimerInfo
            {
                IsPastDue = now > schedule.NextAfter(next),
                ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = following, LastUpdated = now },
            };
            await InvokeAsync(function, info, stoppingToken);
            last = next;
            next = following;
        }
    }

    private async Task InvokeAsync(FunctionMethod function, TimerInfo info, CancellationToken stoppingToken)
    {
        await using var scope = services.CreateAsyncScope();
        var arguments = function.Method.GetParameters().Select(p => ParameterBinder(p)(info, stoppingToken, scope.ServiceProvider)).ToArray();
        try
        {
            await function.InvokeAsync(scope.ServiceProvider, arguments);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception ex)
        {
            // The Functions host logs a failed timer run and keeps the schedule; so does this one.
            logger.LogError(ex, "Timer function {Function} failed", function.Description.Name);
        }
    }

    private static Func<TimerInfo, CancellationToken, IServiceProvider, object?> ParameterBinder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(TimerInfo))
        {
            return (info, _, _) => info;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, token, _) => token;
        }

        // [DurableClient]: the same client the HTTP functions get, on the local durable engine.
        if (parameter.ParameterType == typeof(DurableTaskClient))
        {
            return (_, _, provider) => provider.GetRequiredService<DurableTaskClient>();
        }

        throw new NotSupportedException(
            $"The local host cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name} in {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}.");
    }
}
