using Grassroots.Domain;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Configuration;

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
