using System.Text.Json.Serialization;
using System.Text.Json;

namespace Grassroots.LocalHost;

/// <summary>One entry of the <c>functions.metadata</c> file the Worker SDK writes: the same file the real host reads.</summary>
public sealed record FunctionDescription(
    string Name,
    string ScriptFile,
    string EntryPoint,
    IReadOnlyList<BindingDescription> Bindings)
{
    public BindingDescription? Trigger => Bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
}

public sealed record BindingDescription(
    string Name,
    string Type,
    string? Direction,
    string? AuthLevel,
    IReadOnlyList<string>? Methods,
    string? Route)
{
    /// <summary>A timerTrigger's NCRONTAB expression (or <c>hh:mm:ss</c> period), possibly a <c>%setting%</c>.</summary>
    public string? Schedule { get; init; }

    public bool RunOnStartup { get; init; }
}

public static class FunctionMetadata
{
    public const string FileName = "functions.metadata";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static IReadOnlyList<FunctionDescription> Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No {FileName} in {appDirectory}: build the Functions app first (the Worker SDK writes it).", path);
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<FunctionDescription>>(stream, Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
