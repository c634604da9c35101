using System.Collections.Frozen;

namespace Grassroots.Functions.WebApp;

/// <summary>
/// The web app's files as shipped beside the worker (<c>WebApp/wwwroot/</c> in the build output), listed once at start. A request
/// names one of them exactly or gets a 404: no path is ever joined onto the file system, so nothing outside can be read.
/// </summary>
public sealed class WebAppFiles
{
    public static readonly string FolderName = Path.Combine("WebApp", "wwwroot");

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, (byte[] Content, string ContentType)> files;

    public WebAppFiles()
        : this(Path.Combine(AppContext.BaseDirectory, FolderName))
    {
    }

    public WebAppFiles(string root)
    {
        files = (System.IO.Directory.Exists(root) ? System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories) : [])
            .Where(f => ContentTypes.ContainsKey(Path.GetExtension(f)))
            .ToFrozenDictionary(
                f => Path.GetRelativePath(root, f).Replace('\\', '/'),
                f => (File.ReadAllBytes(f), ContentTypes[Path.GetExtension(f)]),
                StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Paths => files.Keys;

    /// <param name="path">The path under the app's route; empty for the app itself (index.html).</param>
    public bool TryGet(string? path, out byte[] content, out string contentType)
    {
        var key = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (files.TryGetValue(key, out var file))
        {
            (content, contentType) = file;
            return true;
        }

        (content, contentType) = ([], "");
        return false;
    }
}
