using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.EngineCost;

/// <summary>
/// Stands between everything that talks to storage (the app's table clients and the durable engine's table, queue and
/// blob clients) and Azurite, and counts every request by the resource it touched. Counting on the wire sees the
/// engine's requests too, which no client pipeline policy of ours could.
/// </summary>
public sealed partial class CountingStorageProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Transfer-Encoding", "Connection", "Keep-Alive" };
    private readonly WebApplication app;
    private readonly HttpClient forward;
    private readonly ConcurrentDictionary<StorageResource, int> counts = new();
    private readonly ConcurrentDictionary<StorageResource, int> writes = new();

    private CountingStorageProxy(WebApplication app, HttpClient forward)
    {
        this.app = app;
        this.forward = forward;
    }

    public required string ConnectionString { get; init; }

    public IReadOnlyDictionary<StorageResource, int> Snapshot() => new Dictionary<StorageResource, int>(counts);

    /// <summary>The requests that write (every method but GET and HEAD; a table batch counts once), by resource.</summary>
    public IReadOnlyDictionary<StorageResource, int> SnapshotWrites() => new Dictionary<StorageResource, int>(writes);

    public int Total => counts.Values.Sum();

    /// <summary>When set, told every forwarded request (service, method, path, status; a batch's operations): `--trace`.</summary>
    public Action<string>? Trace { get; set; }

    private static string BatchSummary(string body) =>
        string.Join(' ', BatchLine().Matches(body).Select(m => m.Groups[1].Value + " " + Uri.UnescapeDataString(m.Groups[2].Value)));

    [System.Text.RegularExpressions.GeneratedRegex(@"^(GET|POST|PUT|PATCH|MERGE|DELETE) http://[^/]+/[^/]+/([^ ?]*)", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex BatchLine();

    /// <summary>
    /// Listens on three free loopback ports that forward to the blob, queue and table endpoints of the given Azurite
    /// connection string; <see cref="ConnectionString"/> is that connection string with the proxy's ports.
    /// </summary>
    public static async Task<CountingStorageProxy> StartAsync(string azuriteConnectionString, string hubName, string tablePrefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var endpoints = Endpoint().Matches(azuriteConnectionString).ToDictionary(m => m.Groups["service"].Value.ToLowerInvariant(), m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var targets = new Dictionary<string, int> { ["blob"] = endpoints["blob"], ["queue"] = endpoints["queue"], ["table"] = endpoints["table"] };
        builder.WebHost.UseKestrel(kestrel =>
        {
            foreach (var _ in targets)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        var app = builder.Build();
        var forward = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = 64 })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        CountingStorageProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context, hubName, tablePrefix));
        await app.StartAsync();
        // Kestrel lists its listeners in the order they were added.
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).ToList();
        var services = targets.Keys.ToList();
        var listening = services.Select((service, i) => (service, port: ports[i])).ToDictionary(x => x.port, x => (x.service, target: targets[x.service]));
        proxy = new CountingStorageProxy(app, forward)
        {
            ConnectionString = Endpoint().Replace(azuriteConnectionString, m =>
                $"{m.Groups["service"].Value}Endpoint=http://127.0.0.1:{ports[services.IndexOf(m.Groups["service"].Value.ToLowerInvariant())]}"),
        };
        proxy.routes = listening;
        return proxy;
    }

    private IReadOnlyDictionary<int, (string Service, int Target)> routes = new Dictionary<int, (string, int)>();

    private async Task ForwardAsync(HttpContext context, string hubName, string tablePrefix)
    {
        var (service, target) = routes[context.Connection.LocalPort];
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        var path = context.Request.Path.Value ?? "/";
        var named = service == "table" && (path.EndsWith("/$batch", StringComparison.Ordinal) || path.EndsWith("/Tables", StringComparison.Ordinal))
            ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        var resource = StorageResource.Classify(service, path, named, hubName, tablePrefix);
        counts.AddOrUpdate(resource, 1, (_, n) => n + 1);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            writes.AddOrUpdate(resource, 1, (_, n) => n + 1);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://127.0.0.1:{target}{path}{context.Request.QueryString}");
        if (bytes.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(bytes);
        }

        foreach (var header in context.Request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException exception)
        {
            // Azurite unreachable: say so as a gateway would, with the cause, so the client's error names it.
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            await context.Response.WriteAsync($"{service} at 127.0.0.1:{target} failed: {exception.Message}", context.RequestAborted);
            return;
        }

        using var _ = response;
        Trace?.Invoke($"{service} {context.Request.Method} {path}{context.Request.QueryString} {(int)response.StatusCode}{(named is null ? "" : " " + BatchSummary(named))}");
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<service>Blob|Queue|Table)Endpoint=http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial System.Text.RegularExpressions.Regex Endpoint();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }
}
