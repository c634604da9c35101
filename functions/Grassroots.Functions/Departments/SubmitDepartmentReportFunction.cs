using System.Text.Json;
using Grassroots.Domain.Access;
using Grassroots.Domain.Events;
using Grassroots.Functions.Access;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Grassroots.Functions.Departments;

/// <summary>POST /api/events/{id}/department-reports: a dispatched department acknowledges, resolves or returns its part.</summary>
public sealed class SubmitDepartmentReportFunction(AccessGate access, AcceptedDecisions accepted)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxText = 2000;

    [Function("SubmitDepartmentReport")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/department-reports")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durableClient);
        var visible = await access.EventAsync(request, id);
        if (visible.Failed)
        {
            return visible.Problem;
        }

        var read = await JsonRequestBody.ReadAsync<DepartmentReportRequest>(request, MaxBodyBytes);
        if (read.Failed)
        {
            return read.Problem;
        }

        var body = read.Value;
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        var (caller, stored) = visible.Value;
        var departmentId = caller.DepartmentId;
        if (departmentId is null || (body.DepartmentId is { } named && named != departmentId)
            || !AccessPolicy.MayReportForDispatch(caller, stored.DispatchedDepartmentIds, departmentId))
        {
            return Problem.Forbidden("Only a department the event was dispatched to reports on it, and only for itself.");
        }

        var round = body.Round!.Value;
        var answered = stored.Dispatches.FirstOrDefault(d => d.DepartmentId == departmentId && d.Round == round);
        if (answered is not null && DispatchRules.AlreadyApplied(answered.State, body.Kind!))
        {
            // A repeat of a report the platform already applied in this round (a redelivered message, a double click):
            // the same answer as the first time, and nothing raised again.
            return Accepted(id, departmentId, body.Kind!, round, "already-applied");
        }

        if (stored.Row.Status != EventStatus.Open)
        {
            return Problem.Conflict($"Event {id} is {stored.Row.Status}.");
        }

        if (round != stored.Row.Round)
        {
            return Problem.WrongRound(round, stored.Row.Round);
        }

        if (MovedAway(stored.Row, departmentId, round) is { } move)
        {
            // 转办 ordered by an import and not yet applied by the escalation: the part is no longer this department's.
            return Problem.Conflict($"The dispatch to {departmentId} moved to {move.ToDepartmentId} (import {move.ImportId}); a '{body.Kind}' report does not apply.");
        }

        if (answered is null || DispatchStates.IsSettled(answered.State) || DispatchRules.Apply(answered.State, body.Kind!) is null)
        {
            return Problem.Conflict($"The dispatch to {departmentId} is {answered?.State ?? "not part of this round"}; a '{body.Kind}' report does not apply.");
        }

        var report = new DepartmentReport(departmentId, body.Kind!, PlainText.NormalizeLineEnds(body.Reason)?.Trim(), PlainText.NormalizeLineEnds(body.Note)?.Trim(), round);
        // Kept before it is raised: the orchestration finds it there if the raised copy reaches it after the deadline.
        report = await accepted.KeepAsync(id, report, request.HttpContext.RequestAborted);
        await durableClient.RaiseEventAsync(id, DepartmentDispatch.ReportEventName(departmentId, round), report, request.HttpContext.RequestAborted);
        return Accepted(id, departmentId, report.Kind, round, "accepted");
    }

    private static PendingDispatchMove? MovedAway(EventRow row, string departmentId, int round) =>
        row.PendingDispatchMovesJson is { Length: > 0 } json
            ? JsonSerializer.Deserialize<List<PendingDispatchMove>>(json)?.FirstOrDefault(m => m.Round == round && m.FromDepartmentId == departmentId)
            : null;

    private static AcceptedResult Accepted(string id, string departmentId, string kind, int round, string status) =>
        new($"/api/events/{id}", new { eventId = id, departmentId, kind, round, status });

    private static ObjectResult? Validate(DepartmentReportRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Round is not > 0)
        {
            errors["round"] = ["is required: the dispatch round the report answers (the dispatched notice names it)"];
        }

        if (body.Kind is null || !DepartmentReportKinds.All.Contains(body.Kind))
        {
            errors["kind"] = ["is required: " + string.Join(", ", DepartmentReportKinds.All)];
        }

        if (body.Kind == DepartmentReportKinds.Returned && string.IsNullOrWhiteSpace(body.Reason))
        {
            errors["reason"] = ["is required when returning an event"];
        }

        CheckText(errors, "reason", body.Reason);
        CheckText(errors, "note", body.Note);
        if (PlainText.Refusal(body.DepartmentId, multiline: false) is { } idRefusal)
        {
            errors["departmentId"] = [idRefusal];
        }

        return errors.Count == 0 ? null : Problem.Create(StatusCodes.Status400BadRequest, "The report is not valid.",
            string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);
    }

    private static void CheckText(Dictionary<string, string[]> errors, string field, string? text)
    {
        if (text is { Length: > MaxText })
        {
            errors[field] = [$"must be at most {MaxText} characters"];
        }
        else if (PlainText.Refusal(PlainText.NormalizeLineEnds(text), multiline: true) is { } refusal)
        {
            errors[field] = [refusal];
        }
    }
}
