using System.Text.Json;

namespace Grassroots.Domain.Tests;

public class ReviewDeadlineSettingsTests
{
    [Fact]
    public void Defaults_are_shanghai_a_cutoff_at_the_last_second_of_the_day_and_two_hour_window_and_lead()
    {
        var settings = new ReviewDeadlineSettings();

        Assert.Equal("Asia/Shanghai", settings.TimeZoneId);
        Assert.Equal(new TimeSpan(23, 59, 59), settings.Cutoff);
        Assert.Equal(TimeSpan.FromHours(2), settings.MinimumReviewWindow);
        Assert.Equal(TimeSpan.FromHours(2), settings.ReminderLead);
        Assert.Null(settings.FixedReviewDuration);
        Assert.False(settings.IsFixedDuration);
        Assert.Empty(settings.Problems());
    }

    [Fact]
    public void Named_arguments_set_only_what_they_name()
    {
        var settings = new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(5));

        Assert.Equal(new ReviewDeadlineSettings { FixedReviewDuration = TimeSpan.FromSeconds(5) }, settings);
        Assert.Equal(ReviewDeadlineSettings.DefaultCutoff, settings.Cutoff);
        Assert.True(settings.IsFixedDuration);
    }

    public static TheoryData<JsonSerializerOptions> SerializerOptions() => new()
    {
        new JsonSerializerOptions(),
        new JsonSerializerOptions(JsonSerializerDefaults.Web),
    };

    [Theory]
    [MemberData(nameof(SerializerOptions))]
    public void Settings_survive_a_trip_through_json_as_orchestration_input(JsonSerializerOptions options)
    {
        var settings = new ReviewDeadlineSettings("Europe/London", new TimeSpan(18, 0, 0), TimeSpan.FromMinutes(30), TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var copy = JsonSerializer.Deserialize<ReviewDeadlineSettings>(JsonSerializer.Serialize(settings, options), options);

        Assert.Equal(settings, copy);
    }

    [Fact]
    public void Properties_missing_from_json_keep_their_defaults()
    {
        var settings = JsonSerializer.Deserialize<ReviewDeadlineSettings>("{\"FixedReviewDuration\":\"00:00:05\"}");

        Assert.Equal(new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(5)), settings);
    }

    public static TheoryData<ReviewDeadlineSettings, string> BrokenSettings() => new()
    {
        { new ReviewDeadlineSettings("Mars/Olympus_Mons"), "not a known time zone" },
        { new ReviewDeadlineSettings(" "), "TimeZoneId is empty" },
        { new ReviewDeadlineSettings(Cutoff: TimeSpan.FromHours(24)), "Cutoff" },
        { new ReviewDeadlineSettings(Cutoff: TimeSpan.FromMinutes(-1)), "Cutoff" },
        { new ReviewDeadlineSettings(MinimumReviewWindow: TimeSpan.FromMinutes(-1)), "MinimumReviewWindow" },
        { new ReviewDeadlineSettings(MinimumReviewWindow: TimeSpan.FromDays(1)), "MinimumReviewWindow" },
        { new ReviewDeadlineSettings(ReminderLead: TimeSpan.FromMinutes(-1)), "ReminderLead" },
        { new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.Zero), "FixedReviewDuration" },
        { new ReviewDeadlineSettings(FixedReviewDuration: TimeSpan.FromSeconds(-5)), "FixedReviewDuration" },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void Impossible_settings_are_named_and_refused_by_the_policies(ReviewDeadlineSettings settings, string problem)
    {
        Assert.Contains(problem, Assert.Single(settings.Problems()), StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new ReviewDeadlinePolicy(settings));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DepartmentDeadlinePolicy(settings, WorkingCalendar.MondayToFriday));
    }

    [Fact]
    public void All_problems_are_listed_together()
    {
        var settings = new ReviewDeadlineSettings("Nowhere/Else", TimeSpan.FromHours(25), ReminderLead: TimeSpan.FromHours(-1));

        Assert.Equal(3, settings.Problems().Count);
    }

    [Fact]
    public void Midnight_is_a_valid_cutoff() =>
        Assert.Empty(new ReviewDeadlineSettings(Cutoff: TimeSpan.Zero).Problems());
}
