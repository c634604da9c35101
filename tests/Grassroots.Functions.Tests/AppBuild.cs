using Grassroots.LocalHost;

namespace Grassroots.Functions.Tests;

/// <summary>Where the Functions app's own build output is: the folder the real host would run from.</summary>
public static class AppBuild
{
    public static string OutputDirectory
    {
        get
        {
            // bin/<Configuration>/net10.0 of this test assembly names the configuration the app was built with.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            return Path.Combine(RepositoryRoot.Find(), "functions", "Grassroots.Functions", "bin", configuration, framework.Name);
        }
    }
}
