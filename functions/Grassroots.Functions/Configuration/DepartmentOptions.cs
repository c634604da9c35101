namespace Grassroots.Functions.Configuration;

/// <summary>Settings under <c>Grassroots:Departments</c>.</summary>
public sealed class DepartmentOptions
{
    public const string SectionName = "Grassroots:Departments";

    /// <summary>The working calendar (public holidays and make-up working days), relative to the app folder unless absolute.</summary>
    public string WorkingCalendarFile { get; set; } = Path.Combine("config", "working-calendar.json");
}
