using System.ComponentModel.DataAnnotations;

namespace Grassroots.Functions.Configuration;

/// <summary>Settings under the <c>Grassroots</c> section (app settings <c>Grassroots__*</c>).</summary>
public sealed class GrassrootsOptions
{
    public const string SectionName = "Grassroots";

    /// <summary>Prefix for every table this app owns, so several environments (or test runs) can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$", ErrorMessage = "TablePrefix must be letters and digits, starting with a letter, at most 21 characters.")]
    public string TablePrefix { get; set; } = "";

    /// <summary>The Service Bus topic that carries reviewers' notifications (infra/servicebus-entities.json).</summary>
    [Required]
    public string ReviewerTopic { get; set; } = "review-notifications";
}
