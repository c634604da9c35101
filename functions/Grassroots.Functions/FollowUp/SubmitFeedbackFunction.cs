using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Grassroots.Functions.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.FollowUp;

/// <summary>
/// POST /api/tracking/feedback with header <c>X-Tracking-Token</c>: the resident answers the follow-up (回访) of their
/// closed event: fixed or not, satisfaction 1–5, an optional comment. "Not fixed" reopens it. No login, as for tracking.
/// </summary>
public sealed class SubmitFeedbackFunction(EventReader reader, FollowUpAnswers answers)
{
    private const int MaxTokenLength = 100;

    [Function("SubmitFeedback")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tracking/feedback")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var token = request.Headers[TrackEventFunction.TokenHeader].FirstOrDefault();
        var stored = string.IsNullOrEmpty(token) || token.Length > MaxTokenLength ? null : await reader.FindByTrackingTokenAsync(token, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Unknown tracking token.");
        }

        var body = await FollowUpAnswers.ReadAsync(request);
        if (body.Failed)
        {
            return body.Problem;
        }

        return await answers.AcceptAsync(stored, body.Value, FollowUpChannels.Resident, null, null, durableClient, cancellationToken);
    }
}
