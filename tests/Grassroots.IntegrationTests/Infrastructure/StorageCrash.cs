using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Grassroots.Functions.DirectoryImport;
using Grassroots.Functions.Events;
using Grassroots.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grassroots.IntegrationTests.Infrastructure;

/// <summary>
/// Stands for the process dying at one storage request: the first request the predicate picks fails before it reaches
/// the store, and so does every request after it (a dead process writes nothing more). The app's own code runs against
/// the test host's real tables in Azurite through a table client that carries this in its pipeline.
/// </summary>
public sealed class StorageCrash(Func<Request, bool> at) : HttpPipelinePolicy
{
    private volatile bool crashed;

    public bool Crashed => crashed;

    /// <summary>The directory's entity-group transactions: the import's upserts and deletes of directory rows.</summary>
    public static bool DirectoryWrite(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal);
    }

    /// <summary>A change to an existing audit row: the import marking itself applied, after the directory write.</summary>
    public static bool AuditMarkedApplied(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method != RequestMethod.Get && request.Method != RequestMethod.Post
            && request.Uri.Path.Contains(TableNames.DirectoryImports + "(", StringComparison.Ordinal);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(HttpMessage message)
    {
        if (crashed || at(message.Request))
        {
            crashed = true;
            throw new IOException($"The process died before {message.Request.Method} {message.Request.Uri.Path} (test crash).");
        }
    }

    /// <summary>The app's directory importer on the test host's tables, dying at the request <paramref name="crash"/> picks.</summary>
    public static DirectoryImporter Importer(TestHost host, StorageCrash crash)
    {
        ArgumentNullException.ThrowIfNull(host);
        var options = new TableClientOptions();
        // Per call, ahead of the retry policy: a dead process does not retry.
        options.AddPolicy(crash, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(host.Services.GetRequiredService<IConfiguration>()[ConnectionNames.Tables], options);
        var tables = new GrassrootsTables(service, host.Services.GetRequiredService<IOptions<GrassrootsOptions>>());
        return new DirectoryImporter(tables, new DirectoryStore(tables), new OpenEventIndex(tables), host.Services.GetRequiredService<IOptions<Grassroots.Functions.Intake.IntakeOptions>>(), TimeProvider.System, NullLogger<DirectoryImporter>.Instance);
    }
}
