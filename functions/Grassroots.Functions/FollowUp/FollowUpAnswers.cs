using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.FollowUp;

/// <summary>
/// Takes a follow-up's answer at the edge, for both endpoints: checks the body, that the event's follow-up is open and
/// its window not over, keeps the answer (one per follow-up: a second is refused and writes nothing), then raises it to
/// the escalation under the follow-up's round. Kept first, as reviews are, so an answer accepted in time counts even if
/// its raised copy reaches the orchestration after the window's timer.
/// </summary>
public sealed class FollowUpAnswers(AcceptedDecisions accepted, TimeProvider clock)
{
    public const int MaxBodyBytes = 8 * 1024;

    public static async Task<Checked<FollowUpRequest>> ReadAsync(HttpRequest request)
    {
        var read = await JsonRequestBody.ReadAsync<FollowUpRequest>(request, MaxBodyBytes);
        if (read.Failed)
        {
            return read;
        }

        var body = read.Value;
        var errors = new Dictionary<string, string[]>();
        if (body.Fixed is null)
        {
            errors["fixed"] = ["is required: true or false"];
        }

        if (body.Satisfaction is not { } satisfaction || !FollowUpRules.IsValidSatisfaction(satisfaction))
        {
            errors["satisfaction"] = [$"is required: a whole number from {FollowUpRules.MinSatisfaction} to {FollowUpRules.MaxSatisfaction}"];
        }

        if (body.Comment is { Length: > FollowUpRules.MaxComment })
        {
            errors["comment"] = [$"must be at most {FollowUpRules.MaxComment} characters"];
        }
        else if (PlainText.Refusal(PlainText.NormalizeLineEnds(body.Comment), multiline: true) is { } refusal)
        {
            errors["comment"] = [refusal];
        }

        return errors.Count == 0
            ? Checked.Passed(body with { Comment = PlainText.NormalizeLineEnds(body.Comment)?.Trim() })
            : Problem.Create(StatusCodes.Status400BadRequest, "The follow-up answer is not valid.",
                string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);
    }

    public async Task<IActionResult> AcceptAsync(
        StoredEvent stored, FollowUpRequest body, string via, string? recordedByPersonId, string? recordedByName,
        DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(durable);
        var row = stored.Row;
        var eventId = row.PartitionKey;
        if (row.Stage != EventStage.FollowUp || row.FollowUpState != FollowUpStates.Open || row.FollowUpEndsUtc is not { } ends)
        {
            return Problem.Conflict(row.FollowUpState is FollowUpStates.Answered or FollowUpStates.NoReply && row.Status != EventStatus.Open
                ? $"The follow-up of event {eventId} is over ({row.FollowUpState})."
                : $"Event {eventId} has no follow-up open: it is asked for once the event is closed.");
        }

        if (!FollowUpRules.IsInWindow(clock.GetUtcNow(), ends))
        {
            return Problem.Conflict($"The follow-up of event {eventId} ended at {ends:O}.");
        }

        var answer = new FollowUpAnswer(body.Fixed!.Value, body.Satisfaction!.Value, string.IsNullOrEmpty(body.Comment) ? null : body.Comment,
            via, recordedByPersonId, recordedByName, row.Round);
        var kept = await accepted.KeepAsync(eventId, answer, cancellationToken);
        if (kept is null)
        {
            return Problem.Conflict($"The follow-up of event {eventId} has its answer already.");
        }

        await durable.RaiseEventAsync(eventId, EventFollowUp.AnswerEventName(kept.Round), kept, cancellationToken);
        return new AcceptedResult((string?)null, new
        {
            eventId,
            round = kept.Round,
            @fixed = kept.Fixed,
            satisfaction = kept.Satisfaction,
            status = "accepted",
            outcome = FollowUpRules.Reopens(kept) ? "reopens" : "closes",
        });
    }
}
