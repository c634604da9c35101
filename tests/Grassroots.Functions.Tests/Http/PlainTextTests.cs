using Grassroots.Functions.Http;

namespace Grassroots.Functions.Tests.Http;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("line one\nline two\twith a tab")]
    [InlineData("楼道被自行车堵住 🚲")]
    [InlineData("")]
    public void Free_text_may_hold_newlines_tabs_and_any_script(string text) => Assert.Null(PlainText.Refusal(text, multiline: true));

    [Theory]
    [InlineData("bell\u0007")]
    [InlineData("nul\u0000")]
    [InlineData("escape\u001b[31mred")]
    [InlineData("carriage\rreturn")]
    [InlineData("delete\u007f")]
    [InlineData("c1 control\u0085")]
    public void Free_text_refuses_control_characters_other_than_newline_and_tab(string text) =>
        Assert.Equal("must not contain control characters other than newline and tab", PlainText.Refusal(text, multiline: true));

    [Theory]
    [InlineData("\u202Eevil")]
    [InlineData("a\u202Ab")]
    [InlineData("a\u2066b\u2069")]
    [InlineData("a\u2068b")]
    public void Bidi_overrides_and_isolates_are_refused_everywhere(string text)
    {
        Assert.Contains("bidirectional", PlainText.Refusal(text, multiline: true), StringComparison.Ordinal);
        Assert.Contains("bidirectional", PlainText.Refusal(text, multiline: false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_line_value_refuses_newline_and_tab() =>
        Assert.Equal("must not contain control characters", PlainText.Refusal("two\nlines", multiline: false));

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDC00)]
    public void Broken_utf16_is_refused(int lone) =>
        Assert.Equal("must be valid Unicode text", PlainText.Refusal("lone " + (char)lone + " surrogate", multiline: true));

    [Fact]
    public void Windows_line_ends_become_newlines_and_then_pass() =>
        Assert.Null(PlainText.Refusal(PlainText.NormalizeLineEnds("one\r\ntwo"), multiline: true));
}
