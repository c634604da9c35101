using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Grassroots.LocalServiceBus;

namespace Grassroots.FaultInjection;

/// <summary>One check of the final state: passed or not, a one-line summary and the offending details.</summary>
public sealed record CheckResult(string Name, bool Passed, string Summary, IReadOnlyList<string> Details);

/// <summary>A timeline row as stored (Events table, RowKey t-NNNNNN).</summary>
public sealed record StoredStep(int Sequence, string Kind, string? Tier, string? NodeId, string? ActorId, string? Note, DateTimeOffset? DeadlineUtc, string? SubmissionId = null);

/// <summary>
/// Reads what the run left behind — the events over HTTP, the task hub's Instances table, the app's Events and Breaches
/// tables, every queue and subscription of the broker — and checks it against the scripts and the app's promises.
/// </summary>
public sealed class RunChecks(GrassrootsApi api, TableServiceClient tables, string tablePrefix, string hubName)
{
    private const int DetailLimit = 25;

    public async Task<CheckResult> EventStatesAsync(IReadOnlyList<ScriptRecord> records, IDictionary<string, JsonNode> finalViews, CancellationToken cancellationToken)
    {
        var wrong = new List<string>();
        var undecided = new List<string>();
        foreach (var record in records)
        {
            if (record.EventId is null)
            {
                wrong.Add($"#{record.Script.Number} {record.Script.Kind}: never captured ({record.GaveUp})");
                continue;
            }

            var view = await ReadUntilReadableAsync(record.EventId, cancellationToken);
            if (view is null)
            {
                wrong.Add($"#{record.Script.Number} {record.EventId}: could not be read");
                continue;
            }

            finalViews[record.EventId] = view;
            var actual = $"{view["status"]} ({view["outcome"]}) at {view["resolvedTier"] ?? view["currentTier"]}";
            var expected = record.Script.Expected;
            var matches = view["status"]?.GetValue<string>() == expected.Status && view["outcome"]?.GetValue<string>() == expected.Outcome
                && view["resolvedTier"]?.GetValue<string>() == expected.ResolvedTier;
            if (matches)
            {
                continue;
            }

            var line = $"#{record.Script.Number} {record.EventId} [{record.Script.Describe()}]: expected {expected}, is {actual}" +
                $" (stage {view["stage"]}){(record.GaveUp is null ? "" : "; actor: " + record.GaveUp)}";
            if (record.HeldBack is not null)
            {
                // A fault kept an on-time action from arriving on time: the deadline may rightly have won, so the script no longer decides.
                undecided.Add(line + "; held back: " + record.HeldBack);
            }
            else
            {
                wrong.Add(line);
            }
        }

        var decided = records.Count - undecided.Count;
        return new CheckResult("every event in the state its script implies", wrong.Count == 0,
            $"{decided - wrong.Count}/{decided} as scripted" + (undecided.Count > 0 ? $"; {undecided.Count} not decidable (a fault held back an on-time action)" : ""),
            [.. wrong.Take(DetailLimit), .. undecided.Take(DetailLimit).Select(u => "not decidable: " + u)]);
    }

    public static CheckResult ActionsAnswered(IReadOnlyList<ScriptRecord> records)
    {
        var unexpected = records.SelectMany(r => r.Unexpected.Select(u => $"#{r.Script.Number} {r.EventId}: {u}")).ToList();
        var late = records.Count(r => r.Script.Kind == ScriptKind.LateUnitReview);
        return new CheckResult("late actions refused (409/403), every other action accepted or refused as stale (202/409)", unexpected.Count == 0,
            $"{unexpected.Count} unexpected answers ({late} deliberately late reviews)", [.. unexpected.Take(DetailLimit)]);
    }

    /// <summary>Runtime status of every orchestration in the run's task hub, from the Azure Storage provider's Instances table.</summary>
    public async Task<Dictionary<string, string>> InstanceStatusesAsync(CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var instances = tables.GetTableClient(hubName + "Instances");
        await foreach (var row in instances.QueryAsync<TableEntity>(select: ["PartitionKey", "RuntimeStatus"], cancellationToken: cancellationToken))
        {
            statuses[row.PartitionKey] = row.GetString("RuntimeStatus") ?? "Unknown";
        }

        return statuses;
    }

    public static CheckResult NoOrchestrationFailed(IReadOnlyDictionary<string, string> statuses, IReadOnlyList<ScriptRecord> records)
    {
        var failed = statuses.Where(s => s.Value == "Failed").Select(s => $"{s.Key}: Failed ({Script(records, s.Key)})").ToList();
        var missing = records.Where(r => r.EventId is not null && !statuses.ContainsKey(r.EventId)).Select(r => $"{r.EventId}: no orchestration ({r.Script.Kind})").ToList();
        var counts = string.Join(", ", statuses.GroupBy(s => s.Value).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        return new CheckResult("no orchestration Failed", failed.Count == 0,
            $"{statuses.Count} instances: {counts}" + (missing.Count > 0 ? $"; {missing.Count} events without one" : ""), [.. failed.Take(DetailLimit), .. missing.Take(DetailLimit)]);
    }

    public async Task<Dictionary<string, List<StoredStep>>> TimelinesAsync(IEnumerable<string> eventIds, CancellationToken cancellationToken)
    {
        var events = tables.GetTableClient(tablePrefix + "Events");
        var timelines = new Dictionary<string, List<StoredStep>>(StringComparer.Ordinal);
        foreach (var eventId in eventIds)
        {
            var steps = new List<StoredStep>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge 't-' and RowKey lt 't.'");
            await foreach (var row in events.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                steps.Add(new StoredStep(row.GetInt32("Sequence") ?? -1, row.GetString("Kind") ?? "", row.GetString("Tier"), row.GetString("NodeId"),
                    row.GetString("ActorId"), row.GetString("Note"), row.GetDateTimeOffset("DeadlineUtc"), row.GetString("SubmissionId")));
            }

            timelines[eventId] = steps;
        }

        return timelines;
    }

    /// <summary>
    /// Keys make a step's row unique by sequence; what a replay or a retry could still do is write the same step again
    /// under another sequence. Such a copy has everything but the sequence and the time in common with the first, the
    /// accepted submission it records included (two requests with the same words, such as a retried late review, are two).
    /// </summary>
    public static CheckResult TimelineUnique(IReadOnlyDictionary<string, List<StoredStep>> timelines)
    {
        var duplicates = new List<string>();
        foreach (var (eventId, steps) in timelines)
        {
            duplicates.AddRange(steps.GroupBy(s => (s.Kind, s.Tier, s.NodeId, s.ActorId, s.Note, s.DeadlineUtc, s.SubmissionId)).Where(g => g.Count() > 1)
                .Select(g => $"{eventId}: '{g.Key.Kind}' at {g.Key.Tier} written {g.Count()} times (steps {string.Join(", ", g.Select(s => s.Sequence))})"));
            duplicates.AddRange(steps.GroupBy(s => s.Sequence).Where(g => g.Count() > 1).Select(g => $"{eventId}: step {g.Key} stored {g.Count()} times"));
        }

        return new CheckResult("timeline rows unique per (event, step)", duplicates.Count == 0,
            $"{timelines.Values.Sum(t => t.Count)} rows in {timelines.Count} timelines, {duplicates.Count} duplicated steps", [.. duplicates.Take(DetailLimit)]);
    }

    /// <summary>
    /// A round is what a breach answers: the app's own round number where it stores one, else the deadline that was
    /// missed (each wait for a decision has its own). Two charges for one (event, tier, round, person, kind) are one too many.
    /// </summary>
    public async Task<CheckResult> BreachesUniqueAsync(ISet<string> eventIds, CancellationToken cancellationToken)
    {
        var breaches = tables.GetTableClient(tablePrefix + "Breaches");
        var keys = new List<(string EventId, string Tier, string Round, string Person, string Kind)>();
        await foreach (var row in breaches.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var eventId = row.GetString("EventId") ?? "";
            if (!eventIds.Contains(eventId))
            {
                continue;
            }

            var round = row.TryGetValue("Round", out var value) && value is not null
                ? "round " + value
                : "deadline " + row.GetDateTimeOffset("DeadlineUtc")?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            keys.Add((eventId, row.GetString("Tier") ?? "", round, row.PartitionKey, row.GetString("Kind") ?? ""));
        }

        var duplicates = keys.GroupBy(k => k).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.EventId}: {g.Key.Kind} at {g.Key.Tier} ({g.Key.Round}) charged to {g.Key.Person} {g.Count()} times").ToList();
        return new CheckResult("breaches unique per (event, tier, round)", duplicates.Count == 0,
            $"{keys.Count} breaches on {keys.Select(k => k.EventId).Distinct().Count()} events, {duplicates.Count} charged twice", [.. duplicates.Take(DetailLimit)]);
    }

    /// <summary>
    /// Receives everything from every queue and subscription with the real client and counts by MessageId: none twice
    /// on one entity; and every review request and resolution the timelines record reached the audit subscription.
    /// </summary>
    public static async Task<CheckResult> NotificationsOnceAsync(
        LocalServiceBusBroker broker, ServiceBusTopology topology, IReadOnlyDictionary<string, List<StoredStep>> timelines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(timelines);
        var entities = topology.Queues.Concat(topology.Topics.SelectMany(t => t.Subscriptions.Select(s => $"{t.Name}/Subscriptions/{s.Name}"))).ToList();
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        foreach (var entity in entities)
        {
            counts[entity] = await ReceiveAllAsync(client, broker, entity, cancellationToken);
        }

        var problems = new List<string>();
        foreach (var (entity, byId) in counts)
        {
            problems.AddRange(byId.Where(c => c.Value > 1).Select(c => $"{entity}: {c.Key} delivered {c.Value} times"));
            if (broker.DeadLetterMessageCount(entity) is > 0 and var dead)
            {
                problems.Add($"{entity}: {dead} dead-lettered");
            }
        }

        var audit = topology.Topics.SelectMany(t => t.Subscriptions.Where(s => s.CorrelationFilter is null).Select(s => $"{t.Name}/Subscriptions/{s.Name}")).First();
        var expected = timelines.SelectMany(t => t.Value.Where(s => s.Kind is "review-requested" or "resolved")
            .Select(s => $"{t.Key}:{s.Sequence:D6}:{s.Kind}")).ToList();
        var missing = expected.Where(id => !counts[audit].ContainsKey(id)).ToList();
        problems.AddRange(missing.Select(id => $"{audit}: {id} never arrived (the timeline has the step)"));
        var total = counts.Values.Sum(c => c.Values.Sum());
        return new CheckResult("every notification delivered exactly once per MessageId", problems.Count == 0,
            $"{total} messages on {entities.Count} queues and subscriptions ({counts[audit].Count} on {audit}); " +
            $"{counts.Values.Sum(c => c.Count(x => x.Value > 1))} delivered twice; {missing.Count} of {expected.Count} review requests and resolutions missing",
            [.. problems.Take(DetailLimit)]);
    }

    private static async Task<Dictionary<string, int>> ReceiveAllAsync(ServiceBusClient client, LocalServiceBusBroker broker, string entity, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var parts = entity.Split("/Subscriptions/");
        await using var receiver = parts.Length == 2
            ? client.CreateReceiver(parts[0], parts[1], new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete })
            : client.CreateReceiver(entity, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        while (true)
        {
            var batch = await receiver.ReceiveMessagesAsync(200, TimeSpan.FromSeconds(1), cancellationToken);
            foreach (var message in batch)
            {
                byId[message.MessageId] = byId.GetValueOrDefault(message.MessageId) + 1;
            }

            if (batch.Count == 0 && broker.ActiveMessageCount(entity) == 0)
            {
                return byId;
            }
        }
    }

    private async Task<JsonNode?> ReadUntilReadableAsync(string eventId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await api.GetEventAsync(eventId, cancellationToken) is { } view)
            {
                return view;
            }

            await Task.Delay(500, cancellationToken);
        }

        return null;
    }

    private static string Script(IReadOnlyList<ScriptRecord> records, string eventId) =>
        records.FirstOrDefault(r => r.EventId == eventId)?.Script.Describe() ?? "not a scripted event";
}
