using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Core;

namespace Grassroots.Benchmarks;

/// <summary>
/// Counts the store work the app's table client does: requests issued, and entities read (rows in a query page, one for
/// a point read that found its row). Sits in the client's pipeline, so it sees every retry and continuation too.
/// </summary>
public sealed class StoreWorkCounter : HttpPipelinePolicy
{
    private long requests;
    private long entities;

    public (long Requests, long Entities) Snapshot() => (Interlocked.Read(ref requests), Interlocked.Read(ref entities));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref requests);
        if (message.Request.Method != RequestMethod.Get || !message.HasResponse || message.Response.Status != 200 || message.Response.ContentStream is not { CanSeek: true } body)
        {
            return;
        }

        var start = body.Position;
        try
        {
            using var json = JsonDocument.Parse(body);
            var read = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("value", out var rows) && rows.ValueKind == JsonValueKind.Array
                ? rows.GetArrayLength()
                : 1;
            Interlocked.Add(ref entities, read);
        }
        catch (JsonException)
        {
            // Not a table payload (e.g. an empty body): no entities.
        }
        finally
        {
            body.Position = start;
        }
    }
}
