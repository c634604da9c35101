using Grassroots.Domain.Access;
using Grassroots.Domain.Events;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Review;

/// <summary>
/// POST /api/events/{id}/reviews: a tier's review (研判). Checked here against the event's current state and the
/// directory, then handed to the orchestration as that tier's event; the orchestration checks again on arrival.
/// </summary>
public sealed class SubmitReviewFunction(AccessGate access, EventReader reader, DirectoryStore directory, AcceptedDecisions accepted)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxNote = 2000;

    [Function("SubmitReview")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/reviews")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durableClient);
        var cancellationToken = request.HttpContext.RequestAborted;
        var visible = await access.EventAsync(request, id);
        if (visible.Failed)
        {
            return visible.Problem;
        }

        var read = await JsonRequestBody.ReadAsync<ReviewRequest>(request, MaxBodyBytes);
        if (read.Failed)
        {
            return read.Problem;
        }

        var body = read.Value;
        if (ValidateShape(body) is { } invalid)
        {
            return invalid;
        }

        var (caller, stored) = visible.Value;
        var row = stored.Row;
        if (!AccessPolicy.MayReview(caller, stored.Chain, row.CurrentNodeId))
        {
            // The caller may see the event (they are on its chain) but answers only for nodes below the one holding it.
            return Problem.Forbidden($"You answer for neither {row.CurrentNodeId} nor a node above it.");
        }

        if (row.Status != EventStatus.Open)
        {
            return Problem.Conflict($"Event {id} is {row.Status}.");
        }

        if (body.Round != row.Round)
        {
            return Problem.WrongRound(body.Round!.Value, row.Round);
        }

        if (row.Stage is EventStage.AwaitingStart or EventStage.Dispatched)
        {
            return Problem.Conflict(row.Stage == EventStage.Dispatched
                ? $"Event {id} is with departments; it comes back for review if a department returns it."
                : $"Event {id} is captured but its escalation has not started yet.");
        }

        if (!TierExtensions.TryParseWireName(row.CurrentTier, out var holdingTier))
        {
            throw new InvalidDataException($"Event {id} holds an unknown tier '{row.CurrentTier}'.");
        }

        var decision = new ReviewDecision(
            body.Tier!.Trim().ToLowerInvariant(),
            body.Decision!,
            caller.PersonId!,
            caller.Name,
            PlainText.NormalizeLineEnds(body.Note)?.Trim(),
            body.Outcome,
            body.DuplicateOf?.Trim(),
            body.Departments?.Select(d => d.Trim()).Distinct(StringComparer.Ordinal).ToList(),
            AccessPolicy.IsSupervisorSteppingIn(caller, row.CurrentNodeId),
            row.Round);
        var check = ReviewRules.Check(decision, holdingTier, [caller.PersonId!]);
        switch (check.Refusal)
        {
            case ReviewRefusal.Stale:
                return Problem.Conflict($"Stale review: {check.Reason}.");
            case ReviewRefusal.NotResponsible:
                return Problem.Forbidden(check.Reason!);
            case ReviewRefusal.NotAllowedHere:
                return Problem.Field(StatusCodes.Status422UnprocessableEntity, "decision", check.Reason!);
        }

        if (decision.Outcome == ResolutionOutcomes.Duplicate && !await MaySeeOriginalAsync(caller, id, decision.DuplicateOfEventId!, cancellationToken))
        {
            // One answer for "no such event" and "not yours to see", so the field can't be used to probe ids.
            return Problem.Field(StatusCodes.Status422UnprocessableEntity, "duplicateOf", "must name another event that you may see");
        }

        if (decision.Decision == ReviewDecisions.Dispatch && await CheckDepartmentsAsync(decision.Departments!, row.CurrentNodeId, cancellationToken) is { } refused)
        {
            return refused;
        }

        // Kept before it is raised: the orchestration finds it there if the raised copy reaches it after the deadline.
        decision = await accepted.KeepAsync(id, decision, cancellationToken);
        await durableClient.RaiseEventAsync(id, EventEscalation.ReviewEventName(decision.Round), decision, cancellationToken);
        return new AcceptedResult($"/api/events/{id}", new { eventId = id, round = decision.Round, tier = decision.Tier, decision = decision.Decision, status = "accepted" });
    }

    private async Task<bool> MaySeeOriginalAsync(Caller caller, string eventId, string originalId, CancellationToken cancellationToken)
    {
        if (originalId == eventId)
        {
            return false;
        }

        var original = await reader.FindAsync(originalId, cancellationToken);
        return original is not null && AccessPolicy.MayReadEvent(caller, original.Chain, original.DispatchedDepartmentIds);
    }

    private async Task<IActionResult?> CheckDepartmentsAsync(IReadOnlyList<string> departments, string nodeId, CancellationToken cancellationToken)
    {
        foreach (var departmentId in departments)
        {
            var department = await directory.FindDepartmentAsync(departmentId, cancellationToken);
            if (department is null || !department.DispatchableBy.Contains(nodeId))
            {
                return Problem.Field(StatusCodes.Status422UnprocessableEntity, "departments", $"{nodeId} may not dispatch to '{departmentId}'");
            }
        }

        return null;
    }

    private static ObjectResult? ValidateShape(ReviewRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Tier) || !TierExtensions.TryParseWireName(body.Tier, out _))
        {
            errors["tier"] = ["is required: unit, grid, community, town, district or city"];
        }

        if (body.Round is not > 0)
        {
            errors["round"] = ["is required: the round the review answers (GET /api/events/{id} shows the current one)"];
        }

        if (body.Decision is null || !ReviewDecisions.All.Contains(body.Decision))
        {
            errors["decision"] = ["is required: " + string.Join(", ", ReviewDecisions.All)];
        }

        if (body.Note is { Length: > MaxNote })
        {
            errors["note"] = [$"must be at most {MaxNote} characters"];
        }
        else if (PlainText.Refusal(PlainText.NormalizeLineEnds(body.Note), multiline: true) is { } noteRefusal)
        {
            errors["note"] = [noteRefusal];
        }

        if (body.Outcome is not null && !ResolutionOutcomes.All.Contains(body.Outcome))
        {
            errors["outcome"] = ["must be one of: " + string.Join(", ", ResolutionOutcomes.All)];
        }

        if (body.Departments is { Count: > 10 }
            || body.Departments?.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > 64 || PlainText.Refusal(d, multiline: false) is not null) == true)
        {
            errors["departments"] = ["must be at most 10 department ids"];
        }

        if (body.DuplicateOf is not null && (body.DuplicateOf.Length is 0 or > 64 || PlainText.Refusal(body.DuplicateOf, multiline: false) is not null))
        {
            errors["duplicateOf"] = ["must be an event id"];
        }
        else if (body.DuplicateOf is not null && (body.Decision != ReviewDecisions.Resolve || body.Outcome != ResolutionOutcomes.Duplicate))
        {
            errors["duplicateOf"] = ["is only for a resolve with outcome duplicate"];
        }

        return errors.Count == 0 ? null : Problem.Create(StatusCodes.Status400BadRequest, "The review is not valid.",
            string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);
    }
}
