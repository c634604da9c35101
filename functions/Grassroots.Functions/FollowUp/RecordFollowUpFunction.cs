using Grassroots.Domain.Access;
using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Access;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.FollowUp;

/// <summary>
/// POST /api/events/{id}/follow-ups: a grid or community head of the event's chain records the answer they got from the
/// resident by phone (电话回访), in place of the resident's own. Someone who may not see the event gets 404.
/// </summary>
public sealed class RecordFollowUpFunction(AccessGate access, FollowUpAnswers answers)
{
    [Function("RecordFollowUp")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/follow-ups")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var visible = await access.EventAsync(request, id);
        if (visible.Failed)
        {
            return visible.Problem;
        }

        var body = await FollowUpAnswers.ReadAsync(request);
        if (body.Failed)
        {
            return body.Problem;
        }

        var (caller, stored) = visible.Value;
        if (!AccessPolicy.MayRecordFollowUp(caller, stored.Chain))
        {
            return Problem.Forbidden("Phone follow-ups are recorded by the grid or community head of the event's chain.");
        }

        return await answers.AcceptAsync(stored, body.Value, FollowUpChannels.Phone, caller.PersonId, caller.Name, durableClient, request.HttpContext.RequestAborted);
    }
}
