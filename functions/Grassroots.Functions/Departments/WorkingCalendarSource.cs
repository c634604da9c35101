using Grassroots.Domain;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Departments;

/// <summary>Settings under <c>Grassroots:Departments</c>.</summary>
public sealed class DepartmentOptions
{
    public const string SectionName = "Grassroots:Departments";

    /// <summary>The working calendar (public holidays and make-up working days), relative to the app folder unless absolute.</summary>
    public string WorkingCalendarFile { get; set; } = Path.Combine("config", "working-calendar.json");
}

/// <summary>The committed working calendar, read once per process.</summary>
public sealed class WorkingCalendarSource(IOptions<DepartmentOptions> options)
{
    private readonly Lazy<WorkingCalendar> calendar = new(() =>
    {
        var path = Path.IsPathRooted(options.Value.WorkingCalendarFile)
            ? options.Value.WorkingCalendarFile
            : Path.Combine(AppContext.BaseDirectory, options.Value.WorkingCalendarFile);
        return WorkingCalendar.Parse(File.ReadAllText(path));
    });

    public WorkingCalendar Calendar => calendar.Value;
}
