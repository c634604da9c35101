using System.Net.Http.Headers;
using Grassroots.Functions.Access;
using Grassroots.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// The local host as the tests use it: its own task hub and table prefix (so tests don't see each other's data), on a free
/// port, with the sample directory. Restarting keeps the hub and tables, as a real restart would.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> settings;
    private LocalFunctionsHost? host;
    private IDisposable? observation;

    private readonly string environment;

    private TestHost(Dictionary<string, string?> settings, string environment)
    {
        this.settings = settings;
        this.environment = environment;
    }

    public string Name { get; private init; } = "";

    public HttpClient Http { get; private set; } = new();

    public LocalFunctionsHost Host => host ?? throw new InvalidOperationException("Not running.");

    public IServiceProvider Services => Host.Services;

    /// <summary>Every message the app published through this host's embedded Service Bus, across restarts.</summary>
    public PublishedNotifications Notifications { get; } = new();

    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? overrides = null, string environment = "Development")
    {
        var name = "T" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = name,
            ["Grassroots:TablePrefix"] = name,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Grassroots"] = "Warning",
            ["Logging:LogLevel:Grassroots.Timeline"] = "Warning",
            // Tests run side by side: each host's Service Bus endpoint on a free port, never the local host's fixed default.
            ["LocalHost:ServiceBusPort"] = "0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var testHost = new TestHost(settings, environment) { Name = name };
        await testHost.StartHostAsync();
        return testHost;
    }

    /// <summary>The HTTP face of a local host running elsewhere (another process): the request helpers work, <see cref="Services"/> does not.</summary>
    public static TestHost Remote(Uri baseAddress, string name) =>
        new(new Dictionary<string, string?>(), "Development") { Name = name, Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) } };

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    public async Task StopAsync()
    {
        Http.Dispose();
        observation?.Dispose();
        observation = null;
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }

    private async Task StartHostAsync()
    {
        host = await LocalFunctionsHost.StartAsync([], builder =>
        {
            builder.Environment.EnvironmentName = environment;
            builder.Configuration.AddInMemoryCollection(settings);
        });
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        observation = host.ServiceBus is { } broker ? Notifications.Observe(broker) : null;
    }

    /// <summary>A request signed in as a directory identity, through the same principal header Easy Auth adds.</summary>
    public static HttpRequestMessage As(HttpMethod method, string path, string? identityId, params string[] roles)
    {
        var request = new HttpRequestMessage(method, path);
        if (identityId is not null || roles.Length > 0)
        {
            var claims = new List<ClientPrincipalClaim>();
            if (identityId is not null)
            {
                claims.Add(new ClientPrincipalClaim("http://schemas.microsoft.com/identity/claims/objectidentifier", identityId));
            }

            claims.AddRange(roles.Select(r => new ClientPrincipalClaim("roles", r)));
            request.Headers.Add(ClientPrincipal.HeaderName, new ClientPrincipal("aad", claims, "roles").Encode());
        }

        return request;
    }

    public static StringContent Json(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    public async ValueTask DisposeAsync() => await StopAsync();
}
