using System.Reflection;
using System.Text.RegularExpressions;
using Grassroots.Functions.Configuration;
using Grassroots.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grassroots.Infra.Tests;

/// <summary>Every setting the app reads is set by infra/ or documented in the README as optional with its default.</summary>
[Collection(BicepFixture.CollectionName)]
public sealed partial class AppSettingsCrossCheckTests(BicepFixture bicep)
{
    [Fact]
    public void Every_setting_the_app_binds_is_deployed_or_documented_with_its_default()
    {
        var deployed = ArmJson.PredictedResources(bicep.SnapshotJson).WithType("Microsoft.Web/sites/config")
            .Single(c => ArmJson.NameSegments(c)[1] == "appsettings")["properties"]!.AsObject()
            .Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedSettings().Select(Undecorated).ToHashSet(StringComparer.Ordinal);

        var read = SettingsTheAppReads();
        Assert.NotEmpty(read);
        var missing = read.Where(s => !deployed.Any(d => d == s || d.StartsWith(s + "__", StringComparison.Ordinal)) && !documented.Contains(s)).ToList();
        Assert.True(missing.Count == 0, "Neither deployed nor documented: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_app_setting_is_one_the_app_reads()
    {
        var read = SettingsTheAppReads();
        var stale = DocumentedSettings()
            .Where(s => s.StartsWith("Grassroots__", StringComparison.Ordinal))
            .Select(Undecorated)
            .Where(s => !read.Contains(s))
            .ToList();
        Assert.True(stale.Count == 0, "Documented but never read: " + string.Join(", ", stale));
    }

    /// <summary>Options bound by the composition root (found through its registrations, so a new one can't be missed) plus the connections.</summary>
    private static HashSet<string> SettingsTheAppReads()
    {
        var services = new ServiceCollection();
        services.AddGrassroots(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ConnectionNames.Tables] = "UseDevelopmentStorage=true" }).Build(),
            new FakeEnvironment());
        var optionTypes = services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Assembly == typeof(GrassrootsServices).Assembly)
            .Distinct()
            .ToList();
        var settings = new HashSet<string>(StringComparer.Ordinal) { "AzureWebJobsStorage", ConnectionNames.Tables, ConnectionNames.ServiceBus };
        foreach (var type in optionTypes)
        {
            var section = (string)(type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
                ?? throw new InvalidOperationException($"{type.Name} has no SectionName constant."));
            // Settable values, and collections the binder fills in place (lists and dictionaries with a getter only).
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite || (p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType))))
            {
                settings.Add(section.Replace(":", "__", StringComparison.Ordinal) + "__" + property.Name);
            }
        }

        return settings;
    }

    /// <summary>"Grassroots__Intake__Categories__0..n" and "Grassroots__Points__Rules__&lt;rule&gt;" document the collection itself.</summary>
    private static string Undecorated(string documented) =>
        documented.Replace("__0..n", "", StringComparison.Ordinal).Replace("__<rule>", "", StringComparison.Ordinal);

    private static IEnumerable<string> DocumentedSettings()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        return SettingName().Matches(table).Select(m => m.Groups[1].Value);
    }

    [GeneratedRegex(@"^\| `([A-Za-z_]+(?:__[A-Za-z][A-Za-z0-9]*)*(?:__0\.\.n|__<rule>)?)`", RegexOptions.Multiline)]
    private static partial Regex SettingName();

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Grassroots.Functions";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
