using System.Globalization;

namespace Grassroots.FaultInjection;

/// <summary>What one fault-injection run does. The defaults are issue #13's full run; <c>--small</c> is the test's preset.</summary>
public sealed record FaultRunOptions
{
    public int Events { get; init; } = 200;
    public int Kills { get; init; } = 10;
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(60);
    public int AzuriteRestarts { get; init; } = 1;
    /// <summary>Every tier's (and a department's acknowledge) review time: <c>Grassroots__FixedReviewDuration</c>.</summary>
    public TimeSpan ReviewTime { get; init; } = TimeSpan.FromSeconds(8);
    /// <summary>Events are captured spread over this window; the faults fall inside it and the escalations after it.</summary>
    public TimeSpan CaptureWindow { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>How often an actor reads its event while it waits for its turn.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>After the actors are done: how long to wait at most for orchestrations and queues to fall quiet.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public int Seed { get; init; } = 13;
    public string Output { get; init; } = "fault-injection-report.md";
    /// <summary>The local host's build output to run; found next to this tool's own configuration when not given.</summary>
    public string? LocalHostDll { get; init; }
    public bool Small { get; init; }

    /// <summary>Small enough for the test suite: well within 2 minutes on 2 shared cores.</summary>
    public static FaultRunOptions SmallPreset { get; } = new()
    {
        Small = true,
        Events = 20,
        Kills = 2,
        Outage = TimeSpan.FromSeconds(10),
        AzuriteRestarts = 1,
        ReviewTime = TimeSpan.FromSeconds(6),
        CaptureWindow = TimeSpan.FromSeconds(20),
        SettleTimeout = TimeSpan.FromSeconds(30),
        Output = "fault-injection-small.md",
    };

    public const string Usage =
        "usage: Grassroots.FaultInjection [--small] [--events N] [--kills N] [--outage SECONDS] [--azurite-restarts N]\n" +
        "       [--review-seconds N] [--capture-seconds N] [--poll-ms N] [--settle-seconds N] [--seed N] [--out FILE] [--localhost DLL]";

    public static FaultRunOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--small") ? SmallPreset : new FaultRunOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--small")
            {
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.\n{Usage}");
            }

            var value = args[++i];
            options = name switch
            {
                "--events" => options with { Events = Positive(name, value) },
                "--kills" => options with { Kills = NonNegative(name, value) },
                "--outage" => options with { Outage = TimeSpan.FromSeconds(NonNegative(name, value)) },
                "--azurite-restarts" => options with { AzuriteRestarts = NonNegative(name, value) },
                "--review-seconds" => options with { ReviewTime = TimeSpan.FromSeconds(Positive(name, value)) },
                "--capture-seconds" => options with { CaptureWindow = TimeSpan.FromSeconds(Positive(name, value)) },
                "--poll-ms" => options with { PollInterval = TimeSpan.FromMilliseconds(Positive(name, value)) },
                "--settle-seconds" => options with { SettleTimeout = TimeSpan.FromSeconds(Positive(name, value)) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => options with { Output = value },
                "--localhost" => options with { LocalHostDll = value },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
        }

        return options;
    }

    /// <summary>How long one event's script may take at most before its actor gives up waiting.</summary>
    public TimeSpan ScriptBudget => ReviewTime * 10 + TimeSpan.FromSeconds(60) + Outage;

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive integer.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} must be a non-negative integer.");
}
