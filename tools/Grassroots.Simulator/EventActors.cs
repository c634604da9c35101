using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Domain;
using Grassroots.FaultInjection;

namespace Grassroots.Simulator;

/// <summary>
/// The people around one event, acting over HTTP as they would, on the app's own notifications: the unit head
/// captures the resident's report; each tier's person, told by its review-requested notice, acts as the plan says at
/// arrival + response time (the arrival is the app's own: the deadline minus the review window), or lets the deadline
/// pass; departments, told by their queue, acknowledge and resolve; the resident, told by the follow-up request,
/// answers it. Nobody polls the event: what they read is what the city's people would be sent.
/// </summary>
public sealed class EventActors(
    GrassrootsApi api,
    SimulatorApi simulator,
    NoticeFeed notices,
    OrgDirectory directory,
    IReadOnlyDictionary<string, IReadOnlyList<Department>> dispatchable,
    SimulatedCalendar calendar,
    double windowDays,
    string runId)
{
    public async Task RunAsync(EventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plan = record.Plan;
        await calendar.UntilAsync(plan.CaptureDay, cancellationToken);
        var (eventId, token) = await simulator.CaptureAsync($"sim-{runId}-{plan.Index}", plan, cancellationToken);
        record.EventId = eventId;
        record.CapturedDay = calendar.Now;
        var handled = new HashSet<string>(StringComparer.Ordinal);
        var departments = new List<Task>();
        DateTimeOffset? lastReview = null;
        var answered = false;
        var closes = 0;
        try
        {
            await foreach (var notice in notices.Inbox(eventId).ReadAllAsync(cancellationToken))
            {
                switch (notice)
                {
                    case { Source: NoticeSource.Reviewer, Kind: "review-requested", DeadlineUtc: { } deadline, Tier: { } wire }
                        when TierExtensions.TryParseWireName(wire, out var tier) && handled.Add($"{tier}:{notice.Round}"):
                        record.TierCycles++;
                        var arrival = deadline - calendar.Day * windowDays;
                        if (lastReview is { } reviewed)
                        {
                            record.HopSeconds.Add((arrival - reviewed).TotalSeconds);
                        }

                        lastReview = await ReviewAsync(record, eventId, notice.Round, tier, arrival, cancellationToken);
                        break;
                    case { Source: NoticeSource.Department, Kind: "dispatched", DepartmentId: { } departmentId }
                        when handled.Add($"{departmentId}:{notice.Round}"):
                        departments.Add(DepartmentAsync(record, eventId, notice.Round, departmentId, notice.At, cancellationToken));
                        break;
                    case { Source: NoticeSource.Reviewer, Kind: "resolved" } when ++closes > record.Reopened:
                        // Each close sends one; a close the resident's "not fixed" already reopened (its notice read late) is not the current one.
                        record.ClosedDay ??= calendar.DayOf(notice.At);
                        record.ResolvedTier = notice.Tier is { } closedAt && TierExtensions.TryParseWireName(closedAt, out var t) ? t : null;
                        if (answered || plan.FollowUp is null || token is null)
                        {
                            return;
                        }

                        break;
                    case { Source: NoticeSource.Reporter, Kind: "follow-up-requested" } when !answered && plan.FollowUp is { } answer && token is not null:
                        answered = true;
                        // The request is written with the close, but comes on another topic: it may be read first.
                        record.ClosedDay ??= calendar.DayOf(notice.At);
                        record.ResolvedTier ??= notice.Tier is { } asked && TierExtensions.TryParseWireName(asked, out var closedTier) ? closedTier : null;
                        await calendar.UntilAsync(record.ClosedDay.Value + answer.AfterDays, cancellationToken);
                        if (await simulator.FollowUpAsync(token, answer, cancellationToken) == HttpStatusCode.Accepted)
                        {
                            record.FollowUpsAnswered++;
                            if (answer.Fixed)
                            {
                                return;
                            }

                            record.Reopened++;
                            record.ClosedDay = null;
                        }

                        break;
                }
            }
        }
        finally
        {
            notices.Close(eventId);
            await Task.WhenAll(departments).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<DateTimeOffset?> ReviewAsync(EventRecord record, string eventId, int round, Tier tier, DateTimeOffset arrival, CancellationToken cancellationToken)
    {
        var act = record.Plan.Acts[tier];
        if (act.Intent == Intent.Never || !act.InTime(windowDays))
        {
            record.IntendedMisses.Add(tier);
            // Past its deadline the city keeps the event (there is no one to bypass to), so a late city still acts.
            if (act.Intent == Intent.Never || tier != Tier.City)
            {
                return null;
            }
        }

        var intended = arrival + calendar.Day * act.ResponseDays;
        var late = DateTimeOffset.UtcNow - intended;
        if (late > TimeSpan.Zero)
        {
            record.LagSeconds.Add(late.TotalSeconds);
        }

        await SimulatedCalendar.UntilAsync(intended, cancellationToken);
        var decision = new JsonObject { ["tier"] = tier.ToWireName(), ["round"] = round, ["note"] = "simulated" };
        switch (act.Intent)
        {
            case Intent.Resolve:
                decision["decision"] = "resolve";
                decision["outcome"] = "fixed";
                break;
            case Intent.Escalate:
                decision["decision"] = "escalate";
                break;
            case Intent.Dispatch:
                var node = directory.ChainToCity(record.Plan.UnitId).Single(n => n.Tier == tier);
                var options = dispatchable[node.Id];
                decision["decision"] = "dispatch";
                decision["departments"] = new JsonArray([.. Enumerable.Range(0, Math.Min(record.Plan.Department.Departments, options.Count))
                    .Select(i => (JsonNode)options[(record.Plan.Index + i) % options.Count].Id)]);
                break;
        }

        var reviewer = directory.ChainToCity(record.Plan.UnitId).Single(n => n.Tier == tier).Responsible.IdentityId;
        var (status, _) = await api.ReviewAsync(eventId, reviewer, decision, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            record.Refused.Add((tier, (int)status));
            return null;
        }

        return DateTimeOffset.UtcNow;
    }

    /// <summary>A department told of its part: acknowledges, then resolves, at the planned working-day times after the dispatch.</summary>
    private async Task DepartmentAsync(EventRecord record, string eventId, int round, string departmentId, DateTimeOffset dispatchedAt, CancellationToken cancellationToken)
    {
        var identity = directory.FindDepartment(departmentId)!.Contact.IdentityId;
        foreach (var (kind, afterDays) in new[] { ("acknowledged", record.Plan.Department.AcknowledgeDays), ("resolved", record.Plan.Department.ResolveDays) })
        {
            var at = dispatchedAt + calendar.Day * afterDays;
            if (DateTimeOffset.UtcNow - at is { } late && late > TimeSpan.Zero)
            {
                record.LagSeconds.Add(late.TotalSeconds);
            }

            await SimulatedCalendar.UntilAsync(at, cancellationToken);
            var (status, _) = await api.ReportAsync(eventId, identity, new JsonObject { ["kind"] = kind, ["round"] = round, ["note"] = "simulated" }, cancellationToken);
            if (status != HttpStatusCode.Accepted)
            {
                // The round moved on (a deadline won, or the part was called off): nothing more to report.
                return;
            }
        }
    }
}
