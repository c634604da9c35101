using System.ComponentModel.DataAnnotations;

namespace Grassroots.Functions.Reporting;

/// <summary>Paging of the read endpoints, under <c>Grassroots:Reporting</c>.</summary>
public sealed class ReportingOptions
{
    public const string SectionName = "Grassroots:Reporting";

    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The most rows one page may ask for: this bounds the store work of one work-queue or breaches request.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 200;
}
