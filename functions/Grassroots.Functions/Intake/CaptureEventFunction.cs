using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Intake;

/// <summary>POST /api/events: any reporting channel captures an event here (function key; channels are not residents' logins).</summary>
public sealed class CaptureEventFunction(EventCapture capture, IOptions<IntakeOptions> options, TimeProvider clock)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKey = 128;

    [Function("CaptureEvent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await JsonRequestBody.ReadAsync<EventReport>(request, options.Value.MaxBodyBytes);
        if (report.Failed)
        {
            return report.Problem;
        }

        var headerKey = request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        if (headerKey is not null && (headerKey.Length is 0 or > MaxIdempotencyKey || headerKey.Any(char.IsControl)))
        {
            return Problem.Field(StatusCodes.Status400BadRequest, IdempotencyKeyHeader, $"must be 1 to {MaxIdempotencyKey} printable characters");
        }

        var outcome = new EventReportValidator(options.Value).Validate(report.Value, clock.GetUtcNow(), headerKey is not null);
        if (outcome.Report is not { } valid)
        {
            return Problem.Create(outcome.Status, "The event report is not valid.", Describe(outcome.Errors), outcome.Errors.ToDictionary());
        }

        var key = EventCapture.ScopedKey(valid.Channel, headerKey, valid.ChannelReference);
        var result = await capture.CaptureAsync(valid, key, durableClient, request.HttpContext.RequestAborted);
        var location = $"/api/events/{result.EventId}";
        var body = new { eventId = result.EventId, trackingToken = result.TrackingToken, status = "open", location };
        switch (result.Status)
        {
            case CaptureStatus.Captured:
                return new AcceptedResult(location, body);
            case CaptureStatus.AlreadyCaptured:
                request.HttpContext.Response.Headers.Location = location;
                return new OkObjectResult(body);
            case CaptureStatus.KeyReusedWithOtherReport:
                return Problem.Field(StatusCodes.Status422UnprocessableEntity, headerKey is not null ? IdempotencyKeyHeader : "channelReference",
                    "was already used for a different report; send a new key for a new event");
            case CaptureStatus.UnknownUnit:
                return Problem.Field(StatusCodes.Status422UnprocessableEntity, "unitId", "is not a unit in the org directory");
            case CaptureStatus.NoUnitCoversLocation:
                return Problem.Field(StatusCodes.Status422UnprocessableEntity, "lat", "lat/long lies in no unit's area in the org directory; name the unit in unitId");
            default:
                request.HttpContext.Response.Headers.RetryAfter = "5";
                return Problem.Create(StatusCodes.Status503ServiceUnavailable, "Captured, escalation not yet started.",
                    $"Event {result.EventId} is stored and awaiting its start; retry the same request (same key) to start it.");
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
