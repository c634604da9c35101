using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Functions.Notifications;
using Grassroots.IntegrationTests.Notifications;
using Grassroots.LocalServiceBus;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// Every message the app publishes while a test host runs, as the local Service Bus endpoint accepted it, each checked on
/// arrival against its kind's schema and the README's notification contract.
/// </summary>
/// <remarks>
/// Taken from the broker's accept hook rather than by receiving: in the Bantou case the departments' own systems (the
/// sample consumer) complete their queue messages, and a second receiver would compete with them for each message; the
/// local endpoint has no peek. The hook sees each message once, after duplicate detection, whoever consumes it later.
/// </remarks>
public sealed partial class PublishedNotifications
{
    public const string ReviewerTopic = "review-notifications";
    public const string ReporterTopic = "reporter-updates";

    /// <summary>Kinds that carry the deadline the recipient works against.</summary>
    private static readonly HashSet<string> KindsWithDeadline =
        [NotificationKinds.ReviewRequested, NotificationKinds.DeadlineReminder, NotificationKinds.Dispatched, NotificationKinds.DepartmentOverdue];

    /// <summary>The phone the tests' reports give (<see cref="Events.Report"/>), as written and as digits.</summary>
    private static readonly string[] ReporterPhones = ["+86 138 0000 1234", "138 0000 1234", "13800001234"];

    private readonly ConcurrentQueue<AcceptedMessage> messages = new();
    private readonly ConcurrentQueue<string> problems = new();

    public IReadOnlyList<AcceptedMessage> All => [.. messages];

    public IReadOnlyList<string> Problems => [.. problems];

    /// <summary>The event's notices to staff (reviewers and departments); its reporter's updates are <see cref="ReporterUpdatesOf"/>.</summary>
    public IReadOnlyList<AcceptedMessage> Of(string eventId) => messages.Where(m => m.CorrelationId == eventId && !IsReporterUpdate(m)).ToList();

    /// <summary>The event's status messages for its reporter (reporter-updates topic), in the order the broker took them.</summary>
    public IReadOnlyList<AcceptedMessage> ReporterUpdatesOf(string eventId) => messages.Where(m => m.CorrelationId == eventId && IsReporterUpdate(m)).ToList();

    public static bool IsReporterUpdate(AcceptedMessage message) =>
        string.Equals(message.EntityPath, ReporterTopic, StringComparison.OrdinalIgnoreCase);

    public IDisposable Observe(LocalServiceBusBroker broker) => broker.ObserveAcceptedMessages(Record);

    /// <summary>Fails with every message that broke the contract, if any did.</summary>
    public void AssertAllValid() =>
        Assert.True(problems.IsEmpty, $"{problems.Count} published message(s) break the contract:\n" + string.Join("\n", problems));

    /// <summary>Waits until the event's notices to staff include the expected kinds (publishing follows the timeline step).</summary>
    public Task<IReadOnlyList<AcceptedMessage>> WaitForAsync(string eventId, Func<IReadOnlyList<AcceptedMessage>, bool> condition, TimeSpan? timeout = null) =>
        WaitAsync(() => Of(eventId), eventId, condition, timeout);

    /// <summary>Waits until the event's reporter updates meet the condition.</summary>
    public Task<IReadOnlyList<AcceptedMessage>> WaitForReporterUpdatesAsync(string eventId, Func<IReadOnlyList<AcceptedMessage>, bool> condition, TimeSpan? timeout = null) =>
        WaitAsync(() => ReporterUpdatesOf(eventId), eventId, condition, timeout);

    private static async Task<IReadOnlyList<AcceptedMessage>> WaitAsync(
        Func<IReadOnlyList<AcceptedMessage>> read, string eventId, Func<IReadOnlyList<AcceptedMessage>, bool> condition, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var published = read();
            if (condition(published))
            {
                return published;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Event {eventId}'s messages did not arrive in time; published: {string.Join(", ", published.Select(m => m.MessageId))}");
            await Task.Delay(200);
        }
    }

    private void Record(AcceptedMessage message)
    {
        messages.Enqueue(message);
        foreach (var problem in Check(message))
        {
            problems.Enqueue($"{message.EntityPath} {message.MessageId}: {problem}");
        }
    }

    /// <summary>The README's "Notification contract", one rule at a time.</summary>
    public static IEnumerable<string> Check(AcceptedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsReporterUpdate(message))
        {
            return CheckReporterUpdate(message);
        }

        return CheckNotice(message);
    }

    /// <summary>The README's reporter-update contract: schema-valid, keyed by step, addressed by channel, and no phone number anywhere.</summary>
    public static IEnumerable<string> CheckReporterUpdate(AcceptedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = message.Subject;
        if (kind is null || !ReporterUpdateKinds.All.Contains(kind))
        {
            yield return $"Subject '{kind}' is not a reporter update kind";
            yield break;
        }

        if (NotificationSchemas.CheckReporterUpdate(kind, new BinaryData(message.Body)) is { } schemaProblem)
        {
            yield return "body: " + schemaProblem;
            yield break;
        }

        var text = System.Text.Encoding.UTF8.GetString(message.Body.Span);
        var properties = string.Join(" ", message.ApplicationProperties.Select(p => p.Key + "=" + p.Value));
        if (ReporterPhones.Any(phone => text.Contains(phone, StringComparison.Ordinal) || properties.Contains(phone, StringComparison.Ordinal))
            || text.Contains("phone", StringComparison.OrdinalIgnoreCase) || properties.Contains("phone", StringComparison.OrdinalIgnoreCase))
        {
            yield return "carries the reporter's phone number";
        }

        var body = JsonNode.Parse(message.Body.Span)!;
        var eventId = body["eventId"]!.GetValue<string>();
        if (message.CorrelationId != eventId)
        {
            yield return $"CorrelationId '{message.CorrelationId}' is not the event id {eventId}";
        }

        var expectedId = $"{eventId}:{body["step"]!.GetValue<int>():D6}:reporter-{kind}";
        if (message.MessageId != expectedId)
        {
            yield return $"MessageId '{message.MessageId}' is not {expectedId}";
        }

        if (Property(message, "channel") != body["channel"]!.GetValue<string>())
        {
            yield return $"application property channel '{Property(message, "channel")}' differs from the body's '{body["channel"]}'";
        }
    }

    private static IEnumerable<string> CheckNotice(AcceptedMessage message)
    {
        var kind = message.Subject;
        if (kind is null || !NotificationKinds.All.Contains(kind))
        {
            yield return $"Subject '{kind}' is not a notification kind";
            yield break;
        }

        if (NotificationSchemas.Check(kind, new BinaryData(message.Body)) is { } schemaProblem)
        {
            yield return "body: " + schemaProblem;
            yield break;
        }

        var body = JsonNode.Parse(message.Body.Span)!;
        var eventId = body["eventId"]!.GetValue<string>();
        var departmentId = body["departmentId"]?.GetValue<string>();
        if (message.CorrelationId != eventId)
        {
            yield return $"CorrelationId '{message.CorrelationId}' is not the event id {eventId}";
        }

        var id = MessageIdPattern().Match(message.MessageId ?? "");
        if (!id.Success || id.Groups["event"].Value != eventId || id.Groups["kind"].Value != kind
            || int.Parse(id.Groups["step"].Value, CultureInfo.InvariantCulture) != body["step"]!.GetValue<int>()
            || (id.Groups["department"].Success ? id.Groups["department"].Value : null) != departmentId)
        {
            yield return $"MessageId '{message.MessageId}' is not <event id>:<step>:<kind>[:<department>] for step {body["step"]}";
        }

        if (message.ContentType != "application/json")
        {
            yield return $"ContentType '{message.ContentType}'";
        }

        foreach (var name in new[] { "tier", "nodeId", "category" })
        {
            if (Property(message, name) != body[name]!.GetValue<string>())
            {
                yield return $"application property {name} '{Property(message, name)}' differs from the body's '{body[name]}'";
            }
        }

        var isForDepartment = NotificationKinds.IsForDepartment(kind);
        if (isForDepartment != (departmentId is not null) || Property(message, "departmentId") != departmentId)
        {
            yield return $"departmentId: property '{Property(message, "departmentId")}', body '{departmentId}', for a {kind}";
        }

        var expectedEntity = isForDepartment
            ? SampleDirectory.Directory.FindDepartment(departmentId ?? "")?.QueueName
            : ReviewerTopic;
        if (!string.Equals(message.EntityPath, expectedEntity, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"sent to '{message.EntityPath}', the contract says '{expectedEntity}'";
        }

        var deadline = body["deadlineUtc"]?.GetValue<DateTimeOffset>();
        var deadlineProperty = Property(message, "deadlineUtc");
        if (KindsWithDeadline.Contains(kind) && deadline is null)
        {
            yield return "no deadlineUtc for a kind that has one";
        }

        if (deadlineProperty != deadline?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
        {
            yield return $"deadlineUtc property '{deadlineProperty}' is not the body's {deadline:O} in UTC";
        }
    }

    private static string? Property(AcceptedMessage message, string name) =>
        message.ApplicationProperties.TryGetValue(name, out var value) ? value as string : null;

    [GeneratedRegex("^(?<event>[^:]+):(?<step>[0-9]{6}):(?<kind>[a-z-]+)(:(?<department>[a-z0-9-]+))?$")]
    private static partial Regex MessageIdPattern();
}
