using Grassroots.Domain.Reporting;
using Grassroots.Functions.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Tests.Reporting;

public sealed class PointsOptionsTests
{
    [Fact]
    public void Without_configured_rules_the_article_s_example_scoring_applies()
    {
        var points = Resolve<PointsOptions>([]);
        Assert.Equal(ScoringRules.Defaults, points.Rules);
        Assert.Equal(5, points.MinimumEvents);
    }

    [Fact]
    public void Configured_rules_replace_the_defaults()
    {
        var points = Resolve<PointsOptions>(new() { ["Grassroots:Points:Rules:capture"] = "2", ["Grassroots:Points:MinimumEvents"] = "10" });
        Assert.Equal(new Dictionary<string, int> { ["capture"] = 2 }, points.Rules);
        Assert.Equal(10, points.MinimumEvents);
    }

    [Theory]
    [InlineData("Grassroots:Points:Rules:smile", "1")]
    [InlineData("Grassroots:Points:Rules:capture", "5000")]
    [InlineData("Grassroots:Points:MinimumEvents", "0")]
    public void Unknown_rules_out_of_range_points_and_a_zero_minimum_are_refused(string key, string value) =>
        Assert.Throws<OptionsValidationException>(() => Resolve<PointsOptions>(new() { [key] = value }));

    [Fact]
    public void A_default_page_larger_than_the_largest_page_is_refused() =>
        Assert.Throws<OptionsValidationException>(() => Resolve<ReportingOptions>(new() { ["Grassroots:Reporting:DefaultPageSize"] = "300" }));

    private static T Resolve<T>(Dictionary<string, string?> settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddReporting().BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
