using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Grassroots.LocalHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grassroots.LocalServiceBus.Tests.JavaScript;

/// <summary>
/// A department whose systems are in JavaScript can try its consumer locally: the JavaScript SDK signs in with SASL
/// ANONYMOUS, authorizes each link over $cbs, receives in peek-lock, abandons, completes and sends.
/// </summary>
public sealed class JavaScriptClientTests
{
    private const string DepartmentQueue = "dept-chengxiang-housing";
    private const string ReplyQueue = "department-replies";
    private const string EventId = "EV20261201093000-js000001";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(90);
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public async Task JavaScript_consumer_receives_a_dispatched_notice_abandons_it_once_completes_it_and_its_reply_reaches_dotnet()
    {
        await NodePackages.EnsureInstalledAsync(Root, NullLogger.Instance, CancellationToken.None);
        await using var broker = await LocalServiceBusBroker.StartAsync(
            new ServiceBusTopology([DepartmentQueue, ReplyQueue], [], new EntityDefaults()));
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using (var sender = client.CreateSender(DepartmentQueue))
        {
            await sender.SendMessageAsync(DispatchedNotice());
        }

        var script = Path.Combine(Root, "tests", "Grassroots.LocalServiceBus.Tests", "JavaScript", "department-consumer.mjs");
        var (exitCode, output, error) = await NodePackages.RunAsync(Root, "node", [script, broker.ConnectionString, DepartmentQueue, ReplyQueue], NodeTimeout);

        Assert.True(exitCode == 0, $"The JavaScript consumer failed with exit code {exitCode}:\n{error}\n{output}");
        using var seen = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = seen.RootElement;
        Assert.Equal($"{EventId}:000007:dispatched:chengxiang-housing", root.GetProperty("messageId").GetString());
        Assert.Equal("dispatched", root.GetProperty("subject").GetString());
        Assert.Equal(EventId, root.GetProperty("correlationId").GetString());
        Assert.Equal("chengxiang-housing", root.GetProperty("departmentId").GetString());
        Assert.Equal(5, root.GetProperty("round").GetInt32());

        // The wire carries AMQP's count of earlier attempts, which the JavaScript SDK shows as it is (0, then 1 after
        // the abandon) and the .NET SDK shows plus one (1, then 2): the second delivery either way.
        Assert.Equal(0, root.GetProperty("firstDeliveryCount").GetInt32());
        Assert.Equal(1, root.GetProperty("secondDeliveryCount").GetInt32());
        Assert.False(root.GetProperty("sameLockToken").GetBoolean());

        Assert.Equal(0, broker.ActiveMessageCount(DepartmentQueue));
        Assert.Equal(0, broker.DeadLetterMessageCount(DepartmentQueue));

        await using var receiver = client.CreateReceiver(ReplyQueue);
        var reply = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(reply);
        Assert.Equal("acknowledged", reply.Subject);
        Assert.Equal(EventId, reply.CorrelationId);
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal("chengxiang-housing", reply.ApplicationProperties["departmentId"]);
        using var body = JsonDocument.Parse(reply.Body.ToString());
        Assert.Equal(EventId, body.RootElement.GetProperty("eventId").GetString());
        Assert.Equal(5, body.RootElement.GetProperty("round").GetInt32());
        Assert.Equal(1, reply.DeliveryCount);
        await receiver.CompleteMessageAsync(reply);
        Assert.Equal(0, broker.ActiveMessageCount(ReplyQueue));
    }

    // The shape the platform sends a department (schemas/notifications/dispatched.schema.json), trimmed to what the
    // consumer reads.
    private static ServiceBusMessage DispatchedNotice() => new(BinaryData.FromObjectAsJson(new
    {
        schemaVersion = 2,
        kind = "dispatched",
        eventId = EventId,
        step = 7,
        round = 5,
        category = "livelihood",
        tier = "town",
        departmentId = "chengxiang-housing",
    }))
    {
        MessageId = $"{EventId}:000007:dispatched:chengxiang-housing",
        CorrelationId = EventId,
        Subject = "dispatched",
        ContentType = "application/json",
        ApplicationProperties = { ["tier"] = "town", ["departmentId"] = "chengxiang-housing" },
    };
}
