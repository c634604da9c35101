using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using Azure.Core;

namespace Grassroots.DepartmentConsumer;

/// <summary>Posts the department's reports to POST /api/events/{id}/department-reports, signed in as the department.</summary>
public sealed class ReportClient(HttpClient http, DepartmentConsumerOptions options, TokenCredential? credential)
{
    public enum Outcome
    {
        Accepted,
        /// <summary>The dispatch is settled, or the event moved on to another round: nothing left to do for this notice.</summary>
        AlreadySettled,
    }

    /// <param name="round">The dispatch round the report answers: the <c>round</c> of the dispatched notice.</param>
    public async Task<Outcome> ReportAsync(string eventId, int round, string kind, string? note, string? reason, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.ApiBaseAddress, $"api/events/{Uri.EscapeDataString(eventId)}/department-reports"))
        {
            Content = JsonContent.Create(new { kind, round, note, reason }),
        };
        await AuthenticateAsync(request, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return Outcome.AlreadySettled;
        }

        if (!response.IsSuccessStatusCode)
        {
            // 4xx other than 409 means this consumer is misconfigured (wrong identity, wrong queue): let the message dead-letter after retries.
            throw new HttpRequestException(
                $"Report {kind} for {eventId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null, response.StatusCode);
        }

        return Outcome.Accepted;
    }

    private async Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credential is not null && options.ApiScope is not null)
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([options.ApiScope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return;
        }

        if (options.DevelopmentIdentity is { } identity)
        {
            // The same header App Service Authentication would add; the platform honours it only in its development mode.
            // idtyp=app: the department signs in as itself (client credentials), the only case where an app id names a caller.
            var principal = new { auth_typ = "aad", claims = new[] { new { typ = "appid", val = identity }, new { typ = "idtyp", val = "app" } } };
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal))));
        }
    }
}
