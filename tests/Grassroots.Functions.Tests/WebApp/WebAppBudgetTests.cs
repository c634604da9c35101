using System.IO.Compression;
using Grassroots.Functions.WebApp;
using Grassroots.LocalHost;

namespace Grassroots.Functions.Tests.WebApp;

/// <summary>The web app runs on unit heads' phones: what it ships stays small, and it serves nothing but its own files.</summary>
public sealed class WebAppBudgetTests
{
    private const int BudgetBytes = 150 * 1024;

    private static readonly string Source = Path.Combine(RepositoryRoot.Find(), "functions", "Grassroots.Functions", "WebApp", "wwwroot");

    [Fact]
    public void The_javascript_and_css_it_ships_stay_within_150_KB_gzip()
    {
        var files = System.IO.Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".js" or ".css")
            .ToList();
        Assert.NotEmpty(files);
        var gzipped = files.Sum(f => Gzipped(File.ReadAllBytes(f)));
        Assert.True(gzipped <= BudgetBytes, $"JS + CSS is {gzipped:N0} bytes gzip, over the {BudgetBytes:N0} budget");
    }

    [Theory]
    [InlineData("../host.json")]
    [InlineData("..%2Fhost.json")]
    [InlineData("/etc/passwd")]
    [InlineData("WebApp/wwwroot/app.js")]
    [InlineData("APP.JS")]
    public void A_path_that_is_not_exactly_one_of_its_files_is_not_found(string path) =>
        Assert.False(new WebAppFiles(Source).TryGet(path, out _, out _));

    [Fact]
    public void The_empty_path_is_the_app_and_files_carry_their_content_type()
    {
        var files = new WebAppFiles(Source);
        Assert.True(files.TryGet("", out var index, out var html));
        Assert.StartsWith("text/html", html, StringComparison.Ordinal);
        Assert.Contains("app.js", System.Text.Encoding.UTF8.GetString(index), StringComparison.Ordinal);
        Assert.True(files.TryGet("app.js", out _, out var js));
        Assert.StartsWith("text/javascript", js, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_output_ships_the_web_app_beside_the_worker_where_the_function_reads_it()
    {
        var shipped = new WebAppFiles(Path.Combine(AppBuild.OutputDirectory, WebAppFiles.FolderName));
        Assert.Equal(new WebAppFiles(Source).Paths.Order(StringComparer.Ordinal), shipped.Paths.Order(StringComparer.Ordinal));
    }

    private static long Gzipped(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.Length;
    }
}
