using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Grassroots.DepartmentConsumer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Settings: Department__DepartmentId, Department__QueueName, Department__ApiBaseAddress, and either
// Department__ApiScope (Azure: client credentials via DefaultAzureCredential) or Department__DevelopmentIdentity (local);
// ServiceBus (a connection string) or ServiceBus__fullyQualifiedNamespace (managed identity / az login).
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = configuration.GetSection("Department").Get<DepartmentConsumerOptions>()
    ?? throw new InvalidOperationException("Set Department__DepartmentId, Department__QueueName and Department__ApiBaseAddress.");
using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
var credential = new DefaultAzureCredential();
await using var client = configuration["ServiceBus:fullyQualifiedNamespace"] is { } ns
    ? new ServiceBusClient(ns, credential)
    : new ServiceBusClient(configuration["ServiceBus"] ?? throw new InvalidOperationException("Set ServiceBus or ServiceBus__fullyQualifiedNamespace."));
using var http = new HttpClient();
await using var consumer = new DepartmentQueueConsumer(client, new ReportClient(http, options, options.ApiScope is null ? null : credential), options,
    loggers.CreateLogger<DepartmentQueueConsumer>());
await consumer.StartAsync();
Console.WriteLine($"{options.DepartmentId} is reading {options.QueueName}; press Ctrl+C to stop.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
