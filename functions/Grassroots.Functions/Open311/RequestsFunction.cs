using Grassroots.Domain.Open311;
using Grassroots.Domain.Reporting;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Events;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Reporting;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Open311;

/// <summary>
/// GeoReport v2 service requests: POST (a thin adapter over intake: same validation, idempotency and capture, the
/// channel being the API key's), GET one, GET a list (from the city's work-queue partitions, never a scan), and GET
/// a request id from a token (the resident's tracking token).
/// </summary>
public sealed class RequestsFunction(
    EventCapture capture,
    ApiKeyStore keys,
    Jurisdiction jurisdiction,
    GrassrootsTables tables,
    EventReader reader,
    DirectoryStore directory,
    IOptions<IntakeOptions> intake,
    TimeProvider clock)
{
    public const int MaxRequestIds = 50;

    [Function("Open311PostRequest")]
    public async Task<IActionResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "open311/v2/requests.{format}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = Open311Output.Format(format);
        if (output.Failed)
        {
            return output.Problem;
        }

        var f = output.Value;
        var cancellationToken = request.HttpContext.RequestAborted;
        var (form, formError) = await ServiceRequestForm.ReadAsync(request, intake.Value.MaxBodyBytes);
        if (form is null)
        {
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest, formError!);
        }

        if (form["api_key"] is not { } apiKey)
        {
            return Open311Output.Errors(f, StatusCodes.Status403Forbidden, "api_key is required -- can't proceed with create_request.");
        }

        var key = await keys.FindAsync(apiKey, cancellationToken);
        if (key is null)
        {
            return Open311Output.Errors(f, StatusCodes.Status403Forbidden, "Invalid api_key received -- can't proceed with create_request.");
        }

        var city = await jurisdiction.ResolveAsync(f, form["jurisdiction_id"], cancellationToken);
        if (city.Failed)
        {
            return city.Problem;
        }

        if (form["service_code"] is not { } serviceCode)
        {
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest, "service_code was not provided.");
        }

        if (!intake.Value.Categories.Contains(serviceCode, StringComparer.Ordinal))
        {
            return Open311Output.Errors(f, StatusCodes.Status404NotFound, $"service_code {Jurisdiction.Printable(serviceCode)} was not found.");
        }

        var headerKey = request.Headers[CaptureEventFunction.IdempotencyKeyHeader].FirstOrDefault();
        if (headerKey is not null && (headerKey.Length is 0 or > 128 || headerKey.Any(char.IsControl)))
        {
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest, "The Idempotency-Key header must be 1 to 128 printable characters.");
        }

        var reference = form.ChannelReference();
        var scopedKey = EventCapture.ScopedKey(key.Channel, headerKey, reference);
        var requestedAt = await capture.FirstOccurredAtAsync(scopedKey, cancellationToken) ?? clock.GetUtcNow();
        var (report, mappingError) = form.ToReport(key.Channel, reference, requestedAt);
        if (report is null)
        {
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest, mappingError!);
        }

        var outcome = new EventReportValidator(intake.Value).Validate(report, clock.GetUtcNow(), headerKey is not null);
        if (outcome.Report is not { } valid)
        {
            // Intake's 422s (a point outside the city) are, in GeoReport's words, a request that can't be fulfilled: 400.
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest,
                // The title is cut from the description, so both can name one fault: one error per field the client sent.
                outcome.Errors.GroupBy(e => ServiceRequestForm.SpecName(e.Key)).Select(g => $"{g.Key}: {string.Join(", ", g.First().Value)}").ToArray());
        }

        if (valid.UnitId is { } unitId)
        {
            var chain = await directory.ChainToCityAsync(unitId, cancellationToken);
            if (chain is null || chain[^1].Id != city.Value.Id)
            {
                return Open311Output.Errors(f, StatusCodes.Status404NotFound, $"address_id {Jurisdiction.Printable(unitId)} is not a unit of jurisdiction {city.Value.Id}.");
            }
        }

        var result = await capture.CaptureAsync(valid, scopedKey, durableClient, cancellationToken);
        return result.Status switch
        {
            CaptureStatus.Captured or CaptureStatus.AlreadyCaptured => Open311Output.List(f, "service_requests", "request", [
                new Open311Record()
                    .Add("service_request_id", result.EventId)
                    .Add("service_notice", "The unit head reviews it today; a tier that does not is bypassed and the next tier up reviews it the same day.")
                    .Add("account_id", null),
            ]),
            CaptureStatus.KeyReusedWithOtherReport => Open311Output.Errors(f, StatusCodes.Status400BadRequest,
                "The Idempotency-Key was already used for a different request; send a new key for a new request."),
            CaptureStatus.UnknownUnit => Open311Output.Errors(f, StatusCodes.Status404NotFound, $"address_id {Jurisdiction.Printable(valid.UnitId ?? "")} is not a unit."),
            // The directory has one city, so a unit found by its area is always of the jurisdiction.
            CaptureStatus.NoUnitCoversLocation => Open311Output.Errors(f, StatusCodes.Status400BadRequest,
                $"lat/long lies in no unit's area of jurisdiction {city.Value.Id}; send address_id (the id of the unit the problem is in)."),
            _ => Unavailable(request, f, result.EventId),
        };
    }

    [Function("Open311GetRequests")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open311/v2/requests.{format}")] HttpRequest request, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var scope = await jurisdiction.ScopeAsync(format, request.Query["jurisdiction_id"], cancellationToken);
        if (scope.Failed)
        {
            return scope.Problem;
        }

        var (f, city) = scope.Value;
        var query = ServiceRequestQuery.Parse(request.Query, intake.Value.Categories, clock.GetUtcNow());
        if (query.Error is not null)
        {
            return Open311Output.Errors(f, StatusCodes.Status400BadRequest, query.Error);
        }

        if (query.RequestIds is { } ids)
        {
            // "This overrides all other arguments": point reads of the events named, the jurisdiction's only.
            var rows = new List<Open311Record>();
            foreach (var id in ids)
            {
                if (await ReadEventAsync(id, cancellationToken) is { } row && ServiceRequestView.IsIn(row, city.Id))
                {
                    rows.Add(ServiceRequestView.Of(row));
                }
            }

            return Open311Output.List(f, "service_requests", "request", rows);
        }

        var listed = await ListAsync(city.Id, query, cancellationToken);
        return Open311Output.List(f, "service_requests", "request", listed);
    }

    [Function("Open311GetRequest")]
    public async Task<IActionResult> One(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open311/v2/requests/{requestId}.{format}")] HttpRequest request,
        string requestId, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var scope = await jurisdiction.ScopeAsync(format, request.Query["jurisdiction_id"], cancellationToken);
        if (scope.Failed)
        {
            return scope.Problem;
        }

        var (f, city) = scope.Value;

        var row = await ReadEventAsync(requestId, cancellationToken);
        return row is not null && ServiceRequestView.IsIn(row, city.Id)
            ? Open311Output.List(f, "service_requests", "request", [ServiceRequestView.Of(row)])
            : Open311Output.Errors(f, StatusCodes.Status404NotFound, $"service_request_id {Jurisdiction.Printable(requestId)} was not found.");
    }

    [Function("Open311GetToken")]
    public async Task<IActionResult> Token(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open311/v2/tokens/{token}.{format}")] HttpRequest request,
        string token, string format)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var scope = await jurisdiction.ScopeAsync(format, request.Query["jurisdiction_id"], cancellationToken);
        if (scope.Failed)
        {
            return scope.Problem;
        }

        var (f, city) = scope.Value;

        // The resident's tracking token: only its hash is stored, so the token is looked up, never listed.
        var found = token.Length is > 0 and <= 128 ? await reader.FindByTrackingTokenAsync(token, cancellationToken) : null;
        var row = found?.Row;
        return row is not null && ServiceRequestView.IsIn(row, city.Id)
            ? Open311Output.List(f, "service_requests", "request", [new Open311Record().Add("service_request_id", row.PartitionKey).Add("token", token)])
            : Open311Output.Errors(f, StatusCodes.Status404NotFound, "token was not found.");
    }

    private async Task<EventRow?> ReadEventAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(eventId) || eventId.Length > 64)
        {
            return null;
        }

        var events = await tables.GetAsync(TableNames.Events);
        var row = await events.GetEntityIfExistsAsync<EventRow>(eventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// The city's open and resolved work-queue partitions, each read as one row-key range (capture time, newest first)
    /// for at most the rows the page reaches, then merged in capture order.
    /// </summary>
    private async Task<List<Open311Record>> ListAsync(string cityId, ServiceRequestQuery query, CancellationToken cancellationToken)
    {
        var window = query.Window!;
        var table = await tables.GetAsync(TableNames.WorkQueue);
        var newest = NewestFirstKey.For(window.To, "");
        var oldest = NewestFirstKey.For(window.From, "\u007f");
        var merged = new List<WorkQueueRow>();
        foreach (var status in query.Statuses)
        {
            var partition = WorkQueueRow.PartitionFor(cityId, status == "open" ? QueueStatus.Open : QueueStatus.Resolved);
            var filter = $"PartitionKey eq '{partition}' and RowKey ge '{newest}' and RowKey le '{oldest}'";
            if (query.ServiceCodes is { Count: > 0 } codes)
            {
                filter += " and (" + string.Join(" or ", codes.Select(c => $"Category eq '{c.Replace("'", "''", StringComparison.Ordinal)}'")) + ")";
            }

            var read = 0;
            await foreach (var row in table.QueryAsync<WorkQueueRow>(filter, maxPerPage: Math.Min(window.Reach, 1000), cancellationToken: cancellationToken))
            {
                merged.Add(row);
                if (++read >= window.Reach)
                {
                    break;
                }
            }
        }

        return merged.OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .Skip((window.Page - 1) * window.PageSize)
            .Take(window.PageSize)
            .Select(ServiceRequestView.Of)
            .ToList();
    }

    private static IActionResult Unavailable(HttpRequest request, Open311Format format, string? eventId)
    {
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return Open311Output.Errors(format, StatusCodes.Status503ServiceUnavailable,
            $"Request {eventId} is stored and awaiting its start; send the same request again to start it.");
    }
}
