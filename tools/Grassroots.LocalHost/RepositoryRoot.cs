namespace Grassroots.LocalHost;

/// <summary>The checkout this program runs from: the folder holding Serverless.sln and package.json.</summary>
public static class RepositoryRoot
{
    public static string Find(string? start = null)
    {
        for (var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")) && File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Serverless.sln + package.json) above " + (start ?? AppContext.BaseDirectory));
    }
}
