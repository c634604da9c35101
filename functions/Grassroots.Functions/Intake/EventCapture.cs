using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Azure;
using Grassroots.Domain.Events;
using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.Escalation;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Intake;

public enum CaptureStatus
{
    /// <summary>A new event: 202.</summary>
    Captured,
    /// <summary>The key was seen before with the same report: 200, same event.</summary>
    AlreadyCaptured,
    /// <summary>The key was seen before with another report: 422.</summary>
    KeyReusedWithOtherReport,
    /// <summary>The unit does not exist or is not a unit: 422.</summary>
    UnknownUnit,
    /// <summary>The report gives a point and no unit, and no unit's area contains the point: 422.</summary>
    NoUnitCoversLocation,
    /// <summary>Stored, but the escalation could not be started; the next request with the same key starts it: 503.</summary>
    AwaitingStart,
}

public sealed record CaptureResult(CaptureStatus Status, string? EventId = null, string? TrackingToken = null);

/// <summary>
/// Captures (采集) an event exactly once per idempotency key: the key row first, then the event row with its
/// "captured" step, then the orchestration with instance id = event id. Each step is idempotent, so any request
/// with the same key can finish what a failed one left.
/// </summary>
public sealed class EventCapture(
    GrassrootsTables tables,
    DirectoryStore directory,
    UnitLocator units,
    OpenEventIndex openEvents,
    TimeProvider clock,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<GrassrootsOptions> cityOptions,
    IOptions<FollowUpOptions> followUpOptions,
    TrackingTokenIssuer tokens,
    TimelineLog timelineLog,
    ILogger<EventCapture> logger)
{
    /// <param name="idempotencyKey">The key already scoped by channel (see <see cref="ScopedKey"/>).</param>
    public async Task<CaptureResult> CaptureAsync(ValidEventReport report, string idempotencyKey, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(durable);
        // A named unit wins over the point: the channel knows where it is; the point only helps one that does not. The
        // point's unit is found again on a retry, and the fingerprint holds the report as sent, so a retry after the
        // areas changed still finds its first capture.
        var unitId = report.UnitId ?? (report.Point is { } point ? await units.FindUnitAsync(point, cancellationToken) : null);
        if (unitId is null)
        {
            return new CaptureResult(CaptureStatus.NoUnitCoversLocation);
        }

        var chain = await directory.ChainToCityAsync(unitId, cancellationToken);
        if (chain is null || chain[0].Tier != Tier.Unit)
        {
            return new CaptureResult(CaptureStatus.UnknownUnit);
        }

        // The new event's id is known before its key is claimed, so it is listed for the watchdog meanwhile (a listing
        // before the event row, as the index wants). A key that turns out taken takes that listing back below.
        var candidate = NewKeyRow(report, idempotencyKey);
        var listing = openEvents.ListAsync(candidate.EventId, candidate.CapturedAt, cancellationToken);
        var claiming = ClaimKeyAsync(candidate, cancellationToken);
        await Task.WhenAll(listing, claiming);
        var key = await claiming;
        if (key is not { Created: true })
        {
            await openEvents.UnlistAsync(candidate.EventId, cancellationToken);
        }

        if (key is null)
        {
            return new CaptureResult(CaptureStatus.KeyReusedWithOtherReport);
        }

        var (row, keyCreatedHere) = key.Value;
        // A key row written before tokens were derived has no salt: its event keeps the token it was given, a retry gets none.
        var token = row.TokenSalt.Length > 0 ? tokens.Issue(idempotencyKey, Convert.FromBase64String(row.TokenSalt)) : null;
        // The token row and the event row do not depend on each other: written side by side, each again by any retry.
        var tracking = token is null ? Task.CompletedTask : WriteTrackingTokenAsync(row, cancellationToken);
        var writing = WriteEventAsync(report, row, chain, listed: keyCreatedHere, cancellationToken);
        await Task.WhenAll(tracking, writing);
        var (eventRow, writtenHere) = await writing;
        if (writtenHere)
        {
            timelineLog.Captured(row.EventId, report.Category, chain[0].Id);
        }

        var started = await EnsureStartedAsync(eventRow, writtenHere, report, chain, durable, cancellationToken);
        var status = !started ? CaptureStatus.AwaitingStart : keyCreatedHere ? CaptureStatus.Captured : CaptureStatus.AlreadyCaptured;
        // The derived token is handed back only if it is the one whose hash was stored (the platform key may have changed since).
        return new CaptureResult(status, row.EventId, token is not null && KeyHash.Of(token) == row.TrackingTokenHash ? token : null);
    }

    /// <summary>The occurrence time of the event already captured under this (scoped) key; null for a key not seen yet
    /// (or whose event row is not written yet). Lets a channel that has no occurrence time of its own (Open311) send the
    /// very same report again on a retry, so its fingerprint matches.</summary>
    public async Task<DateTimeOffset?> FirstOccurredAtAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var keys = await tables.GetAsync(TableNames.IdempotencyKeys);
        var key = await keys.GetEntityIfExistsAsync<IdempotencyRow>(KeyHash.Of(idempotencyKey), "", cancellationToken: cancellationToken);
        if (!key.HasValue)
        {
            return null;
        }

        var events = await tables.GetAsync(TableNames.Events);
        var row = await events.GetEntityIfExistsAsync<EventRow>(key.Value!.EventId, EventRow.RowKeyValue, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.OccurredAt : null;
    }

    /// <summary>
    /// Idempotency keys belong to a channel: one channel's keys (often predictable, like a ticket number) can neither
    /// block nor find another channel's events. The channel's length makes the key unambiguous whatever the names hold.
    /// </summary>
    public static string ScopedKey(string channel, string? headerKey, string? channelReference)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return headerKey is not null
            ? $"header:{channel.Length}:{channel}:{headerKey}"
            : $"reference:{channel.Length}:{channel}:{channelReference}";
    }

    private IdempotencyRow NewKeyRow(ValidEventReport report, string idempotencyKey)
    {
        var now = clock.GetUtcNow();
        var salt = TrackingTokenIssuer.NewSalt();
        return new IdempotencyRow
        {
            PartitionKey = KeyHash.Of(idempotencyKey),
            EventId = EventIds.New(now),
            Fingerprint = Fingerprint(report),
            CapturedAt = now,
            TokenSalt = Convert.ToBase64String(salt),
            TrackingTokenHash = KeyHash.Of(tokens.Issue(idempotencyKey, salt)),
        };
    }

    /// <returns>The key's row and whether this request created it; null when the key belongs to another report.</returns>
    private async Task<(IdempotencyRow Row, bool Created)?> ClaimKeyAsync(IdempotencyRow candidate, CancellationToken cancellationToken)
    {
        var keys = await tables.GetAsync(TableNames.IdempotencyKeys);
        try
        {
            await keys.AddEntityAsync(candidate, cancellationToken);
            return (candidate, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await keys.GetEntityAsync<IdempotencyRow>(candidate.PartitionKey, "", cancellationToken: cancellationToken)).Value;
            return existing.Fingerprint == candidate.Fingerprint ? (existing, false) : null;
        }
    }

    private async Task WriteTrackingTokenAsync(IdempotencyRow key, CancellationToken cancellationToken)
    {
        var tracking = await tables.GetAsync(TableNames.TrackingTokens);
        await tracking.UpsertEntityAsync(
            new TrackingTokenRow { PartitionKey = key.TrackingTokenHash, EventId = key.EventId },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <param name="listed">Whether this request already listed the event for the watchdog.</param>
    private async Task<(EventRow Row, bool WrittenHere)> WriteEventAsync(
        ValidEventReport report, IdempotencyRow key, IReadOnlyList<OrgNode> chain, bool listed, CancellationToken cancellationToken)
    {
        var events = await tables.GetAsync(TableNames.Events);
        var unit = chain[0];
        // Everything here derives from the report and the key row, so whichever request writes it writes the same row.
        var row = new EventRow
        {
            PartitionKey = key.EventId,
            Category = report.Category,
            Title = report.Title,
            Description = report.Description,
            UnitId = unit.Id,
            ReporterName = report.ReporterName,
            ReporterPhone = report.ReporterPhone,
            Channel = report.Channel,
            ChannelReference = report.ChannelReference,
            OccurredAt = report.OccurredAt,
            AttachmentsJson = JsonSerializer.Serialize(report.Attachments),
            Latitude = report.Point?.Latitude,
            Longitude = report.Point?.Longitude,
            Address = report.Address,
            CapturedAt = key.CapturedAt,
            ChainJson = JsonSerializer.Serialize(chain.Select(n => n.Id).ToList()),
            Status = EventStatus.Open,
            Stage = EventStage.AwaitingStart,
            CurrentTier = unit.Tier.ToWireName(),
            CurrentNodeId = unit.Id,
            ResponsiblePersonId = unit.Responsible.PersonId,
            ResponsiblePersonName = unit.Responsible.Name,
            StartClaimedAt = key.CapturedAt,
            TrackingTokenHash = key.TrackingTokenHash,
            IdempotencyKeyHash = key.PartitionKey,
        };
        var captured = new TimelineRow
        {
            PartitionKey = key.EventId,
            RowKey = TimelineRow.KeyFor(0),
            Sequence = 0,
            At = key.CapturedAt,
            Kind = TimelineKinds.Captured,
            Tier = unit.Tier.ToWireName(),
            NodeId = unit.Id,
            ActorId = "channel:" + report.Channel,
            ActorName = report.Channel,
            Note = report.Title,
        };
        // Listed first, so no open event is ever missing from the watchdog's index.
        if (!listed)
        {
            await openEvents.ListAsync(key.EventId, key.CapturedAt, cancellationToken);
        }

        try
        {
            await events.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, captured)],
                cancellationToken);
            return (row, true);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var stored = (await events.GetEntityAsync<EventRow>(key.EventId, EventRow.RowKeyValue, cancellationToken: cancellationToken)).Value;
            return (stored, false);
        }
    }

    /// <returns>True when the orchestration runs (started here or before).</returns>
    private async Task<bool> EnsureStartedAsync(
        EventRow row, bool writtenHere, ValidEventReport report, IReadOnlyList<OrgNode> chain, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (row.Stage != EventStage.AwaitingStart)
        {
            return true;
        }

        var events = await tables.GetAsync(TableNames.Events);
        if (!writtenHere)
        {
            // Another request wrote the row and owns the start until its claim times out; then we take it over.
            var claimedAt = row.StartClaimedAt ?? DateTimeOffset.UnixEpoch;
            if (clock.GetUtcNow() - claimedAt < intakeOptions.Value.StartClaimTimeout)
            {
                return true;
            }

            try
            {
                var claim = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(EventRow.StartClaimedAt)] = clock.GetUtcNow() };
                await events.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return true;
            }
        }

        try
        {
            // A row written here a moment ago is under this request's fresh claim: no other request and no watchdog may
            // start it yet, so there is nothing to look for. Any later start (a retry, a takeover) looks first.
            var claimFresh = writtenHere && clock.GetUtcNow() - (row.StartClaimedAt ?? DateTimeOffset.UnixEpoch) < intakeOptions.Value.StartClaimTimeout / 2;
            if (claimFresh || await durable.GetInstanceAsync(row.PartitionKey, cancellationToken) is null)
            {
                var input = new EscalationInput(row.PartitionKey, report.Category, chain.Select(ChainLink.From).ToList(), cityOptions.Value.ReviewDeadlines(),
                    FollowUpWindow: followUpOptions.Value.Window);
                await durable.ScheduleNewOrchestrationInstanceAsync(
                    EventEscalation.OrchestratorName,
                    input,
                    new Microsoft.DurableTask.StartOrchestrationOptions(InstanceId: row.PartitionKey),
                    cancellationToken);
            }
        }
        catch (Exception ex)
        {
            // The event is safe in the table, marked awaiting start; the client's retry with the same key finishes the job.
            // Releasing the claim (the epoch: Table Storage keeps no dates before 1601) lets that retry take over at once.
            // A cancelled request releases it too: a claim kept by a request that is gone would make every retry within
            // the claim timeout answer "already captured" while nothing starts the escalation.
            logger.LogError(ex, "Event {EventId} stored but its escalation did not start", row.PartitionKey);
            await events.UpdateEntityAsync(
                new TableEntity(row.PartitionKey, row.RowKey) { [nameof(EventRow.StartClaimedAt)] = DateTimeOffset.UnixEpoch },
                ETag.All,
                TableUpdateMode.Merge,
                CancellationToken.None);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return false;
        }

        return true;
    }

    private static string Fingerprint(ValidEventReport report) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report)));
}
