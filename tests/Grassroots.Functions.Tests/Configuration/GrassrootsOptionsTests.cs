using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;

namespace Grassroots.Functions.Tests.Configuration;

public sealed class GrassrootsOptionsTests
{
    [Fact]
    public void Each_review_deadline_setting_reaches_the_rule_under_its_own_name()
    {
        // Every value differs from its default and from the others, so a swapped or dropped mapping shows.
        var options = Bind(new()
        {
            ["Grassroots:TimeZone"] = "Europe/London",
            ["Grassroots:ReviewCutoff"] = "20:30:00",
            ["Grassroots:MinimumReviewWindow"] = "03:00:00",
            ["Grassroots:ReminderLead"] = "01:15:00",
            ["Grassroots:FixedReviewDuration"] = "00:00:07",
        });

        var rule = options.ReviewDeadlines();

        Assert.Equal("Europe/London", rule.TimeZoneId);
        Assert.Equal(new TimeSpan(20, 30, 0), rule.Cutoff);
        Assert.Equal(TimeSpan.FromHours(3), rule.MinimumReviewWindow);
        Assert.Equal(new TimeSpan(1, 15, 0), rule.ReminderLead);
        Assert.Equal(TimeSpan.FromSeconds(7), rule.FixedReviewDuration);
    }

    [Fact]
    public void Without_settings_the_rule_is_the_domains_default_overnight_rule()
    {
        Assert.Equal(new ReviewDeadlineSettings(), Bind([]).ReviewDeadlines());
    }

    [Fact]
    public void An_unknown_time_zone_stops_the_app_at_start()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Grassroots:TimeZone"] = "Mars/Olympus" }));

        Assert.Contains("review deadline settings are invalid", failure.Message, StringComparison.Ordinal);
    }

    private static GrassrootsOptions Bind(Dictionary<string, string?> settings)
    {
        // The app's own registration, so the test sees the binding and validation the app starts with.
        settings[ConnectionNames.Tables] = "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddGrassroots(configuration, Mock.Of<IHostEnvironment>(e => e.EnvironmentName == Environments.Production));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GrassrootsOptions>>().Value;
    }
}
