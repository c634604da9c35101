using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.LocalHost;

/// <summary>Maps every httpTrigger in the metadata to its route, method and auth level, and invokes it like the worker's ASP.NET Core integration.</summary>
public static class HttpFunctions
{
    public const string HttpTrigger = "httpTrigger";

    public static void Map(WebApplication app, IEnumerable<FunctionMethod> functions, HostSettings hostSettings, FunctionKeys keys)
    {
        foreach (var function in functions.Where(f => f.Description.Trigger?.Type == HttpTrigger))
        {
            var trigger = function.Description.Trigger!;
            var route = trigger.Route ?? function.Description.Name;
            var template = "/" + string.Join('/', new[] { hostSettings.RoutePrefix, route.Trim('/') }.Where(s => s.Length > 0));
            var methods = (trigger.Methods is { Count: > 0 } ? trigger.Methods : ["get", "post", "put", "patch", "delete", "head", "options"])
                .Select(m => m.ToUpperInvariant())
                .ToArray();
            var binders = function.Method.GetParameters().Select(ParameterBinder).ToArray();
            var authLevel = Enum.Parse<AuthorizationLevel>(trigger.AuthLevel ?? nameof(AuthorizationLevel.Function), ignoreCase: true);

            app.MapMethods(template, methods, async context =>
            {
                if (!keys.Allows(authLevel, context.Request))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                var arguments = binders.Select(bind => bind(context)).ToArray();
                var result = await function.InvokeAsync(context.RequestServices, arguments);
                await WriteResultAsync(context, result);
            }).WithDisplayName(function.Description.Name);
        }
    }

    private static Func<HttpContext, object?> ParameterBinder(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return context => context.RequestServices.GetRequiredService<DurableTaskClient>();
        }

        if (type == typeof(string) || type == typeof(int) || type == typeof(Guid))
        {
            // Route parameters bind by name, as in the worker.
            var name = parameter.Name!;
            return context => context.GetRouteValue(name) is { } value
                ? (type == typeof(string) ? value.ToString() : Convert.ChangeType(value, type, CultureInfo.InvariantCulture))
                : null;
        }

        throw new NotSupportedException(
            $"The local host cannot bind parameter '{parameter.Name}' of type {type.Name} in {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}.");
    }

    private static async Task WriteResultAsync(HttpContext context, object? result)
    {
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult minimal:
                await minimal.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType());
                break;
        }
    }
}
