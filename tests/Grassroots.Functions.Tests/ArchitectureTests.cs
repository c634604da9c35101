using System.Text.RegularExpressions;
using System.Xml.Linq;
using Grassroots.LocalHost;

namespace Grassroots.Functions.Tests;

/// <summary>
/// docs/architecture.md draws the projects and the app's folders with their arrows; these tests hold the code to the
/// drawings, so a new two-way tie fails here instead of being found by the next reader.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly string AppFolder = Path.Combine(Root, "functions", "Grassroots.Functions");
    private static readonly List<Drawing> Drawings = Drawing.ReadAll(Path.Combine(Root, "docs", "architecture.md"));

    private static Drawing Projects => Drawings[0];

    private static Drawing Folders => Drawings[1];

    [Fact]
    public void Every_arrow_between_the_apps_folders_is_in_the_drawing()
    {
        var undrawn = FolderArrowsInCode().Except(Folders.Arrows).Select(a => $"{a.From} --> {a.To}").ToList();

        Assert.True(undrawn.Count == 0, "Arrows in the code that docs/architecture.md does not allow: " + string.Join(", ", undrawn));
    }

    [Fact]
    public void Every_arrow_in_the_folder_drawing_is_still_in_the_code()
    {
        var stale = Folders.Arrows.Except(FolderArrowsInCode()).Select(a => $"{a.From} --> {a.To}").ToList();

        Assert.True(stale.Count == 0, "Arrows drawn in docs/architecture.md that the code no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public void Every_folder_of_the_app_is_drawn_and_every_drawn_folder_exists()
    {
        var folders = System.IO.Directory.GetDirectories(AppFolder).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order();

        Assert.Equal(folders, Folders.Nodes.Order());
    }

    [Fact]
    public void Project_references_are_exactly_the_drawn_arrows()
    {
        var arrows = new HashSet<Arrow>();
        foreach (var project in ShippedAndToolProjects())
        {
            var from = ProjectName(project);
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                arrows.Add(new Arrow(from, ProjectName(target)));
            }
        }

        Assert.Equal(Projects.Arrows.OrderBy(a => a.ToString()), arrows.OrderBy(a => a.ToString()));
        Assert.Equal(Projects.Nodes.Order(), ShippedAndToolProjects().Select(ProjectName).Order());
    }

    [Fact]
    public void The_drawings_have_no_cycles()
    {
        foreach (var drawing in Drawings)
        {
            Assert.True(drawing.FindCycle() is null, "Cycle in docs/architecture.md: " + string.Join(" --> ", drawing.FindCycle() ?? []));
        }
    }

    [Fact]
    public void The_domain_uses_no_azure_or_durable_types()
    {
        var offenders = System.IO.Directory.GetFiles(Path.Combine(Root, "functions", "Grassroots.Domain"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Where(f => File.ReadLines(f).Any(l => AzureUsing().IsMatch(l)))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    private static HashSet<Arrow> FolderArrowsInCode()
    {
        var arrows = new HashSet<Arrow>();
        foreach (var folder in System.IO.Directory.GetDirectories(AppFolder).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")))
        {
            foreach (var file in System.IO.Directory.GetFiles(Path.Combine(AppFolder, folder!), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in AppNamespaceReference().Matches(File.ReadAllText(file)))
                {
                    var target = match.Groups["folder"].Value;
                    if (target != folder)
                    {
                        arrows.Add(new Arrow(folder!, target));
                    }
                }
            }
        }

        return arrows;
    }

    private static IEnumerable<string> ShippedAndToolProjects() =>
        new[] { "functions", "tools", "samples" }.SelectMany(d => System.IO.Directory.GetFiles(Path.Combine(Root, d), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !IsBuildOutput(p));

    private static string ProjectName(string csproj) =>
        Path.GetRelativePath(Root, Path.GetDirectoryName(csproj)!).Replace('\\', '/');

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    // `using Grassroots.Functions.X;`, `using static ...X.Y;`, aliases and fully qualified names alike.
    [GeneratedRegex(@"\bGrassroots\.Functions\.(?<folder>[A-Z][A-Za-z]+)\b")]
    private static partial Regex AppNamespaceReference();

    [GeneratedRegex(@"^\s*using\s+(static\s+)?(Azure|Microsoft\.Azure|Microsoft\.DurableTask)\b")]
    private static partial Regex AzureUsing();

    private sealed record Arrow(string From, string To)
    {
        public override string ToString() => From + " --> " + To;
    }

    /// <summary>One Mermaid flowchart: <c>A --> B</c> lines, nodes optionally labelled <c>A[label]</c> (the label is the name).</summary>
    private sealed partial class Drawing(HashSet<string> nodes, HashSet<Arrow> arrows)
    {
        public HashSet<string> Nodes { get; } = nodes;

        public HashSet<Arrow> Arrows { get; } = arrows;

        public static List<Drawing> ReadAll(string markdown)
        {
            var drawings = new List<Drawing>();
            foreach (Match block in MermaidBlock().Matches(File.ReadAllText(markdown)))
            {
                var labels = new Dictionary<string, string>();
                var nodes = new HashSet<string>();
                var arrows = new HashSet<Arrow>();
                foreach (var line in block.Groups["body"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("flowchart", StringComparison.Ordinal)))
                {
                    var ends = line.Split("-->", StringSplitOptions.TrimEntries).Select(e => Name(e, labels)).ToList();
                    nodes.UnionWith(ends);
                    if (ends.Count == 2)
                    {
                        arrows.Add(new Arrow(ends[0], ends[1]));
                    }
                }

                drawings.Add(new Drawing(nodes, arrows));
            }

            return drawings;
        }

        public List<string>? FindCycle()
        {
            var state = new Dictionary<string, int>();
            var path = new List<string>();
            return Nodes.Select(n => Visit(n, state, path)).FirstOrDefault(c => c is not null);
        }

        private List<string>? Visit(string node, Dictionary<string, int> state, List<string> path)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            path.Add(node);
            if (state.GetValueOrDefault(node) == 1)
            {
                return path[path.IndexOf(node)..];
            }

            state[node] = 1;
            foreach (var next in Arrows.Where(a => a.From == node).Select(a => a.To))
            {
                if (Visit(next, state, path) is { } cycle)
                {
                    return cycle;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        private static string Name(string end, Dictionary<string, string> labels)
        {
            var match = LabelledNode().Match(end);
            if (match.Success)
            {
                labels[match.Groups["id"].Value] = match.Groups["label"].Value;
                return match.Groups["label"].Value;
            }

            return labels.GetValueOrDefault(end, end);
        }

        [GeneratedRegex(@"```mermaid\n(?<body>.*?)```", RegexOptions.Singleline)]
        private static partial Regex MermaidBlock();

        [GeneratedRegex(@"^(?<id>\w+)\[(?<label>[^\]]+)\]$")]
        private static partial Regex LabelledNode();
    }
}
