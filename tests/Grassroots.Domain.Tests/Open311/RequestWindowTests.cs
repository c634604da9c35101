using Grassroots.Domain.Open311;

namespace Grassroots.Domain.Tests.Open311;

public sealed class RequestWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_arguments_the_window_is_the_last_90_days_and_the_first_1000_requests()
    {
        var (window, _) = RequestWindow.Of(Now, null, null, null, null);

        Assert.Equal(new RequestWindow(Now - TimeSpan.FromDays(90), Now, 1, 1000), window);
    }

    [Fact]
    public void A_start_alone_reaches_90_days_forward_but_never_past_now()
    {
        Assert.Equal(Now, RequestWindow.Of(Now, Now.AddDays(-10), null, null, null).Window!.To);
        Assert.Equal(Now.AddDays(-100).AddDays(90), RequestWindow.Of(Now, Now.AddDays(-100), null, null, null).Window!.To);
    }

    [Theory]
    [InlineData(-91, 0, null, null)]
    [InlineData(0, -1, null, null)]
    [InlineData(-1, 0, 0, null)]
    [InlineData(-1, 0, null, 0)]
    [InlineData(-1, 0, null, 1001)]
    [InlineData(-1, 0, 3, 500)]
    public void Ranges_beyond_90_days_and_pages_beyond_the_first_1000_are_refused(int startDays, int endDays, int? page, int? pageSize)
    {
        var (window, error) = RequestWindow.Of(Now, Now.AddDays(startDays), Now.AddDays(endDays), page, pageSize);

        Assert.Null(window);
        Assert.NotNull(error);
    }

    [Fact]
    public void The_last_page_within_the_first_1000_is_allowed()
    {
        Assert.Equal(1000, RequestWindow.Of(Now, null, null, 2, 500).Window!.Reach);
    }
}
