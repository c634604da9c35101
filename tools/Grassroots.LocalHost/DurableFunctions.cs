using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.LocalHost;

/// <summary>Registers the app's orchestrator and activity functions, found through the metadata, with the durable worker.</summary>
public static class DurableFunctions
{
    public const string OrchestrationTrigger = "orchestrationTrigger";
    public const string ActivityTrigger = "activityTrigger";

    public static void Register(DurableTaskRegistry registry, IEnumerable<FunctionMethod> functions)
    {
        foreach (var function in functions)
        {
            switch (function.Description.Trigger?.Type)
            {
                case OrchestrationTrigger:
                    registry.AddOrchestrator(function.Description.Name, () => new FunctionOrchestrator(function));
                    break;
                case ActivityTrigger:
                    registry.AddActivity(function.Description.Name, services => new FunctionActivity(function, services));
                    break;
            }
        }
    }

    /// <summary>An orchestrator function: the context parameter, plus at most one other parameter that receives the input.</summary>
    private sealed class FunctionOrchestrator : ITaskOrchestrator
    {
        private readonly FunctionMethod function;
        private readonly ParameterInfo[] parameters;

        public FunctionOrchestrator(FunctionMethod function)
        {
            this.function = function;
            parameters = function.Method.GetParameters();
            var inputs = parameters.Where(p => p.ParameterType != typeof(TaskOrchestrationContext)).ToArray();
            if (inputs.Length > 1)
            {
                throw new NotSupportedException($"Orchestrator {function.Description.Name} takes more than one input parameter.");
            }

            InputType = inputs.SingleOrDefault()?.ParameterType ?? typeof(object);
        }

        public Type InputType { get; }

        public Type OutputType => function.ResultType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            function.InvokeAsync(
                EmptyServices.Instance,
                parameters.Select(p => p.ParameterType == typeof(TaskOrchestrationContext) ? context : input).ToArray());
    }

    /// <summary>An activity function: the [ActivityTrigger] parameter receives the input; the class gets the app's services.</summary>
    private sealed class FunctionActivity : ITaskActivity
    {
        private readonly FunctionMethod function;
        private readonly IServiceProvider services;
        private readonly ParameterInfo[] parameters;

        public FunctionActivity(FunctionMethod function, IServiceProvider services)
        {
            this.function = function;
            this.services = services;
            parameters = function.Method.GetParameters();
            var trigger = parameters.SingleOrDefault(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
                ?? throw new NotSupportedException($"Activity {function.Description.Name} has no [ActivityTrigger] parameter.");
            InputType = trigger.ParameterType;
        }

        public Type InputType { get; }

        public Type OutputType => function.ResultType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            function.InvokeAsync(services, parameters.Select(p => Bind(p, context, input)).ToArray());

        private object? Bind(ParameterInfo parameter, TaskActivityContext context, object? input)
        {
            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                return input;
            }

            if (parameter.ParameterType == typeof(CancellationToken))
            {
                return CancellationToken.None;
            }

            if (parameter.ParameterType == typeof(TaskActivityContext))
            {
                return context;
            }

            return services.GetRequiredService(parameter.ParameterType);
        }
    }

    /// <summary>Orchestrators are static and deterministic: they get no services.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
