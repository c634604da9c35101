using Amqp.Framing;
using Amqp.Sasl;
using Amqp;

namespace Grassroots.LocalServiceBus.Tests;

/// <summary>
/// Every Service Bus SDK signs in with one of three SASL mechanisms and then authorizes over $cbs: MSSBCBS (.NET),
/// ANONYMOUS (JavaScript, Python, Java), PLAIN (clients that send the key name and key).
/// </summary>
public sealed class SaslTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Mechanisms => ["ANONYMOUS", "PLAIN"];

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Client_signing_in_with_the_mechanism_puts_a_token_over_cbs_and_sends_to_a_queue(string mechanism)
    {
        await using var bus = await TestBus.StartAsync();
        var connection = await ConnectAsync(bus.Broker.Port, mechanism);
        try
        {
            var session = new Session(connection);
            Assert.Equal(200, await PutTokenAsync(session));

            var sender = new SenderLink(session, "sender", TestBus.Queue);
            await sender.SendAsync(new Message("hello") { Properties = new Properties { MessageId = "m1" } });
            await sender.CloseAsync();
        }
        finally
        {
            await connection.CloseAsync();
        }

        Assert.Equal(1, bus.Broker.ActiveMessageCount(TestBus.Queue));
    }

    [Fact]
    public async Task Cbs_reply_link_that_names_no_target_gets_the_reply_addressed_to_its_link_name()
    {
        // The JavaScript SDK's reply link has no target; its requests' reply-to is the link's name.
        await using var bus = await TestBus.StartAsync();
        var connection = await ConnectAsync(bus.Broker.Port, "ANONYMOUS");
        try
        {
            Assert.Equal(200, await PutTokenAsync(new Session(connection), replyTarget: null));
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static Task<Connection> ConnectAsync(int port, string mechanism)
    {
        var factory = new ConnectionFactory();
        if (mechanism == "ANONYMOUS")
        {
            factory.SASL.Profile = SaslProfile.Anonymous;
            return factory.CreateAsync(new Address("127.0.0.1", port, user: null, password: null, path: "/", scheme: "amqp"));
        }

        // AMQPNetLite signs in with PLAIN when the address carries a user and password.
        return factory.CreateAsync(new Address("127.0.0.1", port, user: "RootManageSharedAccessKey", password: "any-key", path: "/", scheme: "amqp"));
    }

    private static async Task<int> PutTokenAsync(Session session, string? replyTarget = "cbs-reply")
    {
        const string replyLinkName = "cbs-reply";
        var receiver = new ReceiverLink(session, replyLinkName, new Attach
        {
            Source = new Source { Address = "$cbs" },
            Target = replyTarget is null ? null : new Target { Address = replyTarget },
        }, null);
        var sender = new SenderLink(session, "cbs-request", "$cbs");
        receiver.SetCredit(1);
        await sender.SendAsync(new Message("SharedAccessSignature sr=sb%3a%2f%2f127.0.0.1%2forders&sig=x&se=1&skn=x")
        {
            Properties = new Properties { MessageId = "put-1", ReplyTo = replyLinkName },
            ApplicationProperties = new ApplicationProperties
            {
                ["operation"] = "put-token",
                ["type"] = "servicebus.windows.net:sastoken",
                ["name"] = "sb://127.0.0.1/orders",
            },
        });

        var reply = await receiver.ReceiveAsync(Wait);
        Assert.NotNull(reply);
        receiver.Accept(reply);
        await sender.CloseAsync();
        await receiver.CloseAsync();
        return (int)reply.ApplicationProperties["status-code"];
    }
}
