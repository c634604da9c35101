using System.Net;
using Grassroots.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Grassroots.IntegrationTests.Access;

[Collection(AzuriteTestGroup.Name)]
public sealed class PrincipalTrustTests
{
    [Fact]
    public async Task A_principal_header_is_ignored_when_development_mode_is_off_and_app_service_authentication_is_not_in_front()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Grassroots:Auth:Mode"] = "EasyAuth" });

        using var spoofed = await host.Http.SendAsync(TestHost.As(HttpMethod.Get, "/api/events/EV-ANY", SampleDirectory.AdminIdentity, "Grassroots.Admin"));
        using var import = TestHost.As(HttpMethod.Post, "/api/directory/import", SampleDirectory.AdminIdentity, "Grassroots.Admin");
        import.Content = TestHost.Json(File.ReadAllText(SampleDirectory.Path));
        using var spoofedImport = await host.Http.SendAsync(import);

        Assert.Equal(HttpStatusCode.Unauthorized, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, spoofedImport.StatusCode);
    }

    [Fact]
    public async Task Behind_app_service_authentication_the_platforms_header_is_trusted()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Grassroots:Auth:Mode"] = "EasyAuth",
            ["WEBSITE_AUTH_ENABLED"] = "True",
        });

        using var response = await host.Http.SendAsync(TestHost.As(HttpMethod.Get, "/api/events/EV-ANY", SampleDirectory.AdminIdentity, "Grassroots.Admin"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_development_mode_outside_the_development_environment()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(
            new Dictionary<string, string?> { ["Grassroots:Auth:Mode"] = "Development" }, environment: "Production"));
        Assert.Contains("refused outside the Development environment", failure.Message, StringComparison.Ordinal);
    }
}
