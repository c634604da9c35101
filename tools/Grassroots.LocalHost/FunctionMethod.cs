using System.Reflection;

namespace Grassroots.LocalHost;

/// <summary>A function's entry point resolved from its metadata, invoked the way the worker would.</summary>
public sealed class FunctionMethod
{
    private FunctionMethod(FunctionDescription description, MethodInfo method)
    {
        Description = description;
        Method = method;
    }

    public FunctionDescription Description { get; }

    public MethodInfo Method { get; }

    public Type ResultType
    {
        get
        {
            var type = Method.ReturnType;
            if (type == typeof(Task) || type == typeof(void) || type == typeof(ValueTask))
            {
                return typeof(object);
            }

            return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
                ? type.GetGenericArguments()[0]
                : type;
        }
    }

    public static FunctionMethod Resolve(FunctionDescription description, string appDirectory)
    {
        var assemblyName = AssemblyName.GetAssemblyName(Path.Combine(appDirectory, description.ScriptFile));
        // Load by name so the app's assembly is the one already referenced, not a second copy.
        var assembly = Assembly.Load(assemblyName);
        var split = description.EntryPoint.LastIndexOf('.');
        var type = assembly.GetType(description.EntryPoint[..split], throwOnError: true)!;
        var method = type.GetMethod(description.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new MissingMethodException(type.FullName, description.EntryPoint[(split + 1)..]);
        return new FunctionMethod(description, method);
    }

    public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        var target = Method.IsStatic ? null : Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, Method.DeclaringType!);
        try
        {
            var result = Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            switch (result)
            {
                case Task task:
                    await task;
                    return Method.ReturnType.IsGenericType ? Method.ReturnType.GetProperty("Result")!.GetValue(task) : null;
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    return result;
            }
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
