using System.Net;
using System.Text;
using Grassroots.Domain;
using Grassroots.Functions.Access;
using Grassroots.Functions.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.LocalHost;

/// <summary>
/// App Service Authentication's part, played locally and only in development principal mode: <c>/.auth/login/aad</c>
/// lets you pick a person, department or the admin from the stored directory, keeps the choice in a cookie, and every
/// request with that cookie reaches the app with the same <c>X-MS-CLIENT-PRINCIPAL</c> header Easy Auth would add. The
/// app itself is untouched: it trusts the header exactly as it does for curl and the tests, and decides everything.
/// </summary>
public static class DevelopmentSignIn
{
    public const string CookieName = "GrassrootsDevelopmentPrincipal";
    public const string LoginPath = "/.auth/login/aad";
    public const string LogoutPath = "/.auth/logout";

    /// <summary>The web app's address under the route prefix; <c>/</c> sends the browser there.</summary>
    public static string AppPath(HostSettings settings) =>
        "/" + string.Join('/', new[] { settings.RoutePrefix, "app" }.Where(s => s.Length > 0)) + "/";

    public static void Map(WebApplication app, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        var appPath = AppPath(settings);
        app.MapGet("/", () => Results.Redirect(appPath));
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.Mode != AuthMode.Development)
        {
            return;
        }

        // Only a header from the sign-in cookie is added; a request that brings its own header (curl, tests) keeps it.
        app.Use(async (context, next) =>
        {
            if (context.Request.Cookies.TryGetValue(CookieName, out var principal) && !context.Request.Headers.ContainsKey(ClientPrincipal.HeaderName)
                && ClientPrincipal.Decode(principal) is not null)
            {
                context.Request.Headers[ClientPrincipal.HeaderName] = principal;
            }

            await next(context);
        });
        app.MapGet(LoginPath, async (HttpContext context, DirectoryStore directory) =>
            Results.Content(await PickerAsync(directory, ReturnPath(context.Request.Query["post_login_redirect_uri"], appPath), appPath, context.RequestAborted), "text/html; charset=utf-8"));
        app.MapPost(LoginPath, async (HttpContext context, DirectoryStore directory, IOptions<AuthOptions> options) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var header = await HeaderForAsync(directory, form["who"].FirstOrDefault() ?? "", options.Value.AdminRole, context.RequestAborted);
            if (header is null)
            {
                return Results.BadRequest("Nobody by that id in the directory.");
            }

            context.Response.Cookies.Append(CookieName, header, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
            return Results.Redirect(ReturnPath(form["post_login_redirect_uri"], appPath));
        }).DisableAntiforgery();
        app.MapGet(LogoutPath, (HttpContext context) =>
        {
            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect(ReturnPath(context.Request.Query["post_logout_redirect_uri"], appPath));
        });
    }

    /// <summary>Only a path on this host: never another site (an open redirect), never a scheme-relative <c>//host</c>.</summary>
    private static string ReturnPath(string? wanted, string fallback) =>
        wanted is { Length: > 0 } path && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal) ? path : fallback;

    private static async Task<string?> HeaderForAsync(DirectoryStore directory, string who, string adminRole, CancellationToken cancellationToken)
    {
        if (who == "admin")
        {
            return DevelopmentPrincipal.ForAdmin(adminRole);
        }

        if (who.StartsWith("department:", StringComparison.Ordinal))
        {
            var department = await directory.FindDepartmentAsync(who["department:".Length..], cancellationToken);
            return department?.Contact.IdentityId is { Length: > 0 } appId ? DevelopmentPrincipal.ForDepartment(appId) : null;
        }

        var node = await directory.FindNodeAsync(who, cancellationToken);
        return node?.Responsible.IdentityId is { Length: > 0 } identity ? DevelopmentPrincipal.ForPerson(identity) : null;
    }

    private static async Task<string> PickerAsync(DirectoryStore directory, string returnPath, string appPath, CancellationToken cancellationToken)
    {
        var nodes = (await directory.ReadPartitionAsync<NodeRow>(DirectoryPartitions.Node, cancellationToken))
            .OrderByDescending(n => TierExtensions.TryParseWireName(n.Tier, out var tier) ? (int)tier : -1)
            .ThenBy(n => n.RowKey, StringComparer.Ordinal);
        var departments = (await directory.ReadPartitionAsync<DepartmentRow>(DirectoryPartitions.Department, cancellationToken)).OrderBy(d => d.RowKey, StringComparer.Ordinal);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>开发登录 Development sign-in</title><link rel=\"stylesheet\" href=\"").Append(appPath).Append("app.css\"></head><body>")
            .Append("<main id=\"main\"><h1>开发登录 Development sign-in</h1>")
            .Append("<p>仅限本地开发模式：选择目录中的人员或部门。 Local development mode only: pick someone from the directory; the app receives the same principal header App Service Authentication would send.</p>")
            .Append("<form method=\"post\" action=\"").Append(LoginPath).Append("\" class=\"card\">")
            .Append("<input type=\"hidden\" name=\"post_login_redirect_uri\" value=\"").Append(WebUtility.HtmlEncode(returnPath)).Append("\">")
            .Append("<label for=\"who\">人员或部门 Person or department</label><select id=\"who\" name=\"who\">");
        foreach (var node in nodes)
        {
            html.Append("<option value=\"").Append(WebUtility.HtmlEncode(node.RowKey)).Append("\">")
                .Append(WebUtility.HtmlEncode($"{node.Tier} · {node.Name} · {node.PersonName}")).Append("</option>");
        }

        foreach (var department in departments)
        {
            html.Append("<option value=\"department:").Append(WebUtility.HtmlEncode(department.RowKey)).Append("\">")
                .Append(WebUtility.HtmlEncode($"department · {department.Name}")).Append("</option>");
        }

        html.Append("<option value=\"admin\">admin</option></select>")
            .Append("<div class=\"actions\"><button type=\"submit\" class=\"button\">登录 Sign in</button></div></form></main></body></html>");
        return html.ToString();
    }
}
