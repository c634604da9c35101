using Grassroots.Domain.Reporting;
using Grassroots.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Reporting;

/// <summary>The reporting capability's registrations, called from the composition root.</summary>
public static class ReportingServices
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddOptions<PointsOptions>()
            .BindConfiguration(PointsOptions.SectionName)
            .PostConfigure(o =>
            {
                // Dictionaries bind by merging, so the defaults go in only when configuration names no rule.
                if (o.Rules.Count == 0)
                {
                    foreach (var (rule, points) in ScoringRules.Defaults)
                    {
                        o.Rules[rule] = points;
                    }
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => o.RulesAreValid(), "Grassroots:Points:Rules names an unknown rule (known: " + string.Join(", ", ScoringRuleNames.All) + ") or points outside ±1000.")
            .ValidateOnStart();
        services.AddOptions<ReportingOptions>()
            .BindConfiguration(ReportingOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultPageSize <= o.MaxPageSize, "Grassroots:Reporting:DefaultPageSize must not exceed MaxPageSize.")
            .ValidateOnStart();

        services.AddSingleton(sp => new ProjectionPlanner(
            new ScoringRules(sp.GetRequiredService<IOptions<PointsOptions>>().Value.Rules),
            TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<GrassrootsOptions>>().Value.TimeZone)));
        services.AddSingleton<CounterRowCache>();
        services.AddSingleton<ProjectionStore>();
        services.AddSingleton<ProjectionWriter>();
        services.AddSingleton<WorkQueueReader>();
        services.AddSingleton<FiguresReader>();
        services.AddSingleton<PeopleMonthReader>();
        services.AddSingleton<BreachReader>();
        services.AddSingleton<InboxProjection>();
        services.AddSingleton<InboxReader>();
        return services;
    }
}
