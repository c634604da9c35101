using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Functions.Access;

namespace Grassroots.FaultInjection;

/// <summary>The app's HTTP API as the scripted actors call it: signed in through the development principal header,
/// and retrying what a kill, a storage restart or a timeout interrupted, as a real client would.</summary>
public sealed class GrassrootsApi(Uri baseAddress) : IDisposable
{
    /// <summary>The admin the harness reads events as: an identity outside the directory holding the admin role.</summary>
    public const string AdminIdentity = "00000000-0000-0000-0000-00000000fa17";
    private const string AdminRole = "Grassroots.Admin";

    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>Transport failures and 5xx answers retried (each ends with the same request sent again).</summary>
    public int Retries => retries;

    private int retries;

    /// <summary>Captures a report; the same idempotency key on every retry keeps it one event.</summary>
    public async Task<string> CaptureAsync(string idempotencyKey, string unitId, string title, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["category"] = "dispute",
            ["title"] = title,
            ["description"] = "Scripted by the fault-injection run: an event whose path through the tiers is known in advance.",
            ["unitId"] = unitId,
            ["reporter"] = new JsonObject { ["name"] = "Lin Mei", ["phone"] = "+86 138 0000 1234" },
            ["channel"] = "app",
            ["occurredAt"] = "2026-11-20T09:30:00+08:00",
            ["channelReference"] = idempotencyKey,
        };
        var (status, json) = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }, cancellationToken);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Capture answered {(int)status}: {json?.ToJsonString()}");
        }

        return json!["eventId"]!.GetValue<string>();
    }

    /// <summary>The event as staff see it, or null when it could not be read this time.</summary>
    public async Task<JsonNode?> GetEventAsync(string eventId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = As(HttpMethod.Get, $"api/events/{eventId}", AdminIdentity, AdminRole);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            return null;
        }
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> ReviewAsync(string eventId, string identity, JsonObject review, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage { Method = HttpMethod.Post, RequestUri = new Uri($"api/events/{eventId}/reviews", UriKind.Relative), Content = Json(review) }
            .Signed(identity), cancellationToken);

    public Task<(HttpStatusCode Status, JsonNode? Body)> ReportAsync(string eventId, string identity, JsonObject report, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage { Method = HttpMethod.Post, RequestUri = new Uri($"api/events/{eventId}/department-reports", UriKind.Relative), Content = Json(report) }
            .Signed(identity), cancellationToken);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var request = create();
                using var response = await http.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
                }
            }
            catch (Exception exception) when (IsTransient(exception, cancellationToken))
            {
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    internal static HttpRequestMessage As(HttpMethod method, string path, string identity, params string[] roles) =>
        new HttpRequestMessage(method, new Uri(path, UriKind.Relative)).Signed(identity, roles);

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public void Dispose() => http.Dispose();
}

internal static class SignedRequest
{
    /// <summary>Adds the principal header Easy Auth would add; the app trusts it only in development auth mode.</summary>
    public static HttpRequestMessage Signed(this HttpRequestMessage request, string identity, params string[] roles)
    {
        var claims = new List<ClientPrincipalClaim> { new("http://schemas.microsoft.com/identity/claims/objectidentifier", identity) };
        claims.AddRange(roles.Select(r => new ClientPrincipalClaim("roles", r)));
        request.Headers.Add(ClientPrincipal.HeaderName, new ClientPrincipal("aad", claims, "roles").Encode());
        return request;
    }
}
