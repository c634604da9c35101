namespace Grassroots.DepartmentConsumer;

/// <summary>How a department's system reaches its queue and the platform (section <c>Department</c>).</summary>
public sealed class DepartmentConsumerOptions
{
    /// <summary>The department's id in the org directory, e.g. "chengxiang-natural-resources".</summary>
    public string DepartmentId { get; set; } = "";

    /// <summary>Its Service Bus queue, e.g. "dept-chengxiang-natural-resources".</summary>
    public string QueueName { get; set; } = "";

    /// <summary>The platform's base address, e.g. https://func-api-xyz.azurewebsites.net or http://localhost:7071.</summary>
    public Uri ApiBaseAddress { get; set; } = new("http://localhost:7071");

    /// <summary>
    /// In Azure: the platform's app-registration scope (api://&lt;client id&gt;/.default); the consumer signs in with its own
    /// app identity (client credentials) and sends a bearer token that App Service Authentication checks.
    /// </summary>
    public string? ApiScope { get; set; }

    /// <summary>Local runs only: the identity to present through the development principal header (the department's identity id).</summary>
    public string? DevelopmentIdentity { get; set; }

    /// <summary>How long the sample "works" on a case between acknowledging and resolving it.</summary>
    public TimeSpan WorkTime { get; set; } = TimeSpan.Zero;

    public string ResolutionNote { get; set; } = "Measured on site and settled with both parties.";
}
