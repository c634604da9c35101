using Grassroots.Functions.Intake;

namespace Grassroots.Functions.Tests.Intake;

public sealed class EventReportValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly EventReportValidator Validator = new(new IntakeOptions
    {
        Categories = ["dispute", "safety"],
        Channels = ["app", "hotline"],
    });

    private static EventReport Valid() => new()
    {
        Category = "dispute",
        Title = "Blocked stairwell",
        Description = "Bicycles block the stairwell.\nTwo families argue.\tSince Monday.",
        UnitId = "bantou-g1-u1",
        Channel = "app",
        OccurredAt = "2026-11-20T09:30:00+08:00",
        ChannelReference = "app-1",
        Reporter = new ReporterContact { Name = "Lin Mei", Phone = "+86 138 0000 1234" },
    };

    [Fact]
    public void A_valid_report_passes_with_newlines_and_tabs_in_its_description() =>
        Assert.NotNull(Validator.Validate(Valid(), Now, hasIdempotencyKey: false).Report);

    [Theory]
    [InlineData("1600-12-31T23:59:59+00:00")]
    [InlineData("1601-01-01T00:00:00+00:00")]
    [InlineData("1900-01-01T00:00:00+08:00")]
    [InlineData("2016-11-27T09:30:00+08:00")]
    public void An_occurred_at_before_the_oldest_accepted_is_refused_before_anything_is_written(string occurredAt)
    {
        var outcome = Validator.Validate(Valid() with { OccurredAt = occurredAt }, Now, hasIdempotencyKey: false);

        Assert.Null(outcome.Report);
        Assert.Equal(422, outcome.Status);
        Assert.Contains("in the past", Assert.Single(outcome.Errors["occurredAt"]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_occurred_at_just_inside_the_maximum_age_is_accepted() =>
        Assert.NotNull(Validator.Validate(Valid() with { OccurredAt = "2016-12-01T00:00:00+08:00" }, Now, false).Report);

    [Fact]
    public void A_year_before_the_calendar_can_hold_is_a_shape_error() =>
        Assert.Equal(400, Validator.Validate(Valid() with { OccurredAt = "0000-01-01T00:00:00+08:00" }, Now, false).Status);

    [Theory]
    [InlineData("title", "Blocked\u0007stairwell")]
    [InlineData("title", "Blocked\nstairwell")]
    [InlineData("title", "\u202Ellewriats dekcolB")]
    [InlineData("description", "Bicycles\u0000 block it.")]
    [InlineData("description", "Bicycles \u2067block\u2069 it.")]
    [InlineData("description", "Bicycles\rblock it.")]
    [InlineData("reporter.name", "Lin\u001bMei")]
    [InlineData("channelReference", "app\u202A-1")]
    public void Text_fields_refuse_control_and_bidi_characters(string field, string value)
    {
        var report = field switch
        {
            "title" => Valid() with { Title = value },
            "description" => Valid() with { Description = value },
            "reporter.name" => Valid() with { Reporter = new ReporterContact { Name = value } },
            _ => Valid() with { ChannelReference = value },
        };

        var outcome = Validator.Validate(report, Now, hasIdempotencyKey: false);

        Assert.Equal(400, outcome.Status);
        Assert.True(outcome.Errors.ContainsKey(field), string.Join(", ", outcome.Errors.Keys));
    }

    [Fact]
    public void A_description_with_windows_line_ends_is_stored_with_newlines()
    {
        var outcome = Validator.Validate(Valid() with { Description = "one\r\ntwo" }, Now, false);
        Assert.Equal("one\ntwo", outcome.Report!.Description);
    }
}
