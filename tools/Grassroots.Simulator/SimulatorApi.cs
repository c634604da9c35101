using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.FaultInjection;
using Grassroots.Functions.Access;
using Grassroots.Functions.Status;

namespace Grassroots.Simulator;

/// <summary>
/// The calls the fault-injection tool's <see cref="GrassrootsApi"/> does not make: an import, a resident's report with
/// its category and tracking token, a resident's follow-up answer, the city's figures. Signed as the development
/// principal, as the real host's Easy Auth would sign them.
/// </summary>
public sealed class SimulatorApi(Uri baseAddress) : IDisposable
{
    private const string AdminRole = "Grassroots.Admin";
    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };

    public async Task<JsonNode> ImportAsync(string directoryJson, CancellationToken cancellationToken)
    {
        using var request = Signed(new HttpRequestMessage(HttpMethod.Post, "api/directory/import") { Content = Json(directoryJson) }, GrassrootsApi.AdminIdentity, AdminRole);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
    }

    /// <summary>A resident's report through the unit head; the idempotency key makes a retried report one event.</summary>
    public async Task<(string EventId, string? TrackingToken)> CaptureAsync(string key, EventPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var body = new JsonObject
        {
            ["category"] = plan.Category,
            ["title"] = $"Simulated {plan.Category} report {plan.Index}",
            ["description"] = "A resident's problem in the simulated year.",
            ["unitId"] = plan.UnitId,
            ["channel"] = "unit-head",
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["reporter"] = new JsonObject { ["name"] = "Resident", ["phone"] = "+86 138 0000 0000" },
            ["channelReference"] = key,
        };
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = Json(body.ToJsonString()) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    var json = JsonNode.Parse(text)!;
                    return (json["eventId"]!.GetValue<string>(), json["trackingToken"]?.GetValue<string>());
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"Capture answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    public async Task<HttpStatusCode> FollowUpAsync(string trackingToken, FollowUpAct answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var body = new JsonObject { ["fixed"] = answer.Fixed, ["satisfaction"] = answer.Satisfaction };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/tracking/feedback") { Content = Json(body.ToJsonString()) };
        request.Headers.Add(TrackEventFunction.TokenHeader, trackingToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>GET /api/stats for a node over whole local days, read as the node's responsible person.</summary>
    public async Task<JsonNode> StatsAsync(string nodeId, string identity, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        using var request = Signed(new HttpRequestMessage(HttpMethod.Get, $"api/stats?nodeId={nodeId}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"), identity);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)! : throw new InvalidOperationException($"Stats answered {(int)response.StatusCode}: {text}");
    }

    private static HttpRequestMessage Signed(HttpRequestMessage request, string identity, params string[] roles)
    {
        var claims = new List<ClientPrincipalClaim> { new("http://schemas.microsoft.com/identity/claims/objectidentifier", identity) };
        claims.AddRange(roles.Select(r => new ClientPrincipalClaim("roles", r)));
        request.Headers.Add(ClientPrincipal.HeaderName, new ClientPrincipal("aad", claims, "roles").Encode());
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public void Dispose() => http.Dispose();
}
