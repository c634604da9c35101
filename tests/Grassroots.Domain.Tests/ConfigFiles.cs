namespace Grassroots.Domain.Tests;

/// <summary>The files under config/ at the repository root, copied next to the tests by the project file.</summary>
internal static class ConfigFiles
{
    public static string Read(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", fileName));

    public static string Directory => Read("putian-directory.json");

    public static string Calendar => Read("working-calendar.json");
}
