using System.Globalization;
using System.Text.Json;

namespace Grassroots.Domain;

/// <summary>
/// Which days government departments work (工作日): Monday to Friday, except public holidays, plus the Saturdays and
/// Sundays the State Council turns into make-up working days (调休上班) to stitch holidays into longer breaks.
/// </summary>
/// <remarks>
/// Years the file does not cover fall back to plain Monday–Friday, so a missing year makes deadlines slightly wrong
/// rather than stopping the pipeline; <see cref="Covers"/> lets the host warn about it.
/// </remarks>
public sealed class WorkingCalendar
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpWorkingDays;
    private readonly SortedSet<int> _years;

    private WorkingCalendar(string? timeZoneId, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, IEnumerable<int> years)
    {
        TimeZoneId = timeZoneId;
        _holidays = [.. holidays];
        _makeUpWorkingDays = [.. makeUpWorkingDays];
        _years = [.. years];
    }

    /// <summary>A calendar without holidays: every Monday to Friday works. For simulations and tests.</summary>
    public static WorkingCalendar MondayToFriday { get; } = new(null, [], [], []);

    /// <summary>The zone whose local dates the file lists; null when the file does not say.</summary>
    public string? TimeZoneId { get; }

    /// <summary>The years the file lists holidays for.</summary>
    public IReadOnlyCollection<int> CoveredYears => _years;

    /// <summary>
    /// Reads <c>{ "timeZone": "Asia/Shanghai", "years": { "2026": { "holidays": ["2026-01-01", …],
    /// "makeUpWorkingDays": ["2026-01-04", …] } } }</c>. Other properties (such as "$comment") are ignored.
    /// </summary>
    /// <exception cref="WorkingCalendarFormatException">Not JSON of that shape, or impossible days; all problems listed.</exception>
    public static WorkingCalendar Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new WorkingCalendarFormatException([$"Not valid JSON: {ex.Message}"], ex);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>Whether the file lists this day's year; outside covered years only weekends are days off.</summary>
    public bool Covers(DateOnly day) => _years.Contains(day.Year);

    /// <summary>Monday to Friday unless a public holiday; Saturday and Sunday only when a make-up working day.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? _makeUpWorkingDays.Contains(day)
            : !_holidays.Contains(day);

    /// <summary>The <paramref name="workingDays"/>-th working day strictly after <paramref name="start"/>; zero gives start itself.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    private static WorkingCalendar Read(JsonElement root)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkingCalendarFormatException(["The document must be an object with \"years\"."]);
        }

        string? timeZoneId = null;
        if (root.TryGetProperty("timeZone", out var zone))
        {
            if (zone.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(zone.GetString()))
            {
                problems.Add("timeZone: expected a time zone id such as \"Asia/Shanghai\".");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone.GetString()!, out _))
            {
                problems.Add($"timeZone: '{zone.GetString()}' is not a known time zone.");
            }
            else
            {
                timeZoneId = zone.GetString();
            }
        }

        var holidays = new List<DateOnly>();
        var makeUpDays = new List<DateOnly>();
        var years = new List<int>();
        if (!root.TryGetProperty("years", out var yearsElement) || yearsElement.ValueKind != JsonValueKind.Object)
        {
            problems.Add("years: expected an object keyed by year, e.g. { \"2026\": { \"holidays\": [...], \"makeUpWorkingDays\": [...] } }.");
        }
        else
        {
            foreach (var year in yearsElement.EnumerateObject())
            {
                ReadYear(year, holidays, makeUpDays, years, problems);
            }
        }

        foreach (var day in holidays.Intersect(makeUpDays))
        {
            problems.Add($"{Iso(day)} is listed both as a holiday and as a make-up working day.");
        }

        if (problems.Count > 0)
        {
            throw new WorkingCalendarFormatException(problems);
        }

        return new WorkingCalendar(timeZoneId, holidays, makeUpDays, years);
    }

    private static void ReadYear(JsonProperty year, List<DateOnly> holidays, List<DateOnly> makeUpDays, List<int> years, List<string> problems)
    {
        var path = $"years.{year.Name}";
        if (year.Name.Length != 4 || !int.TryParse(year.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            problems.Add($"{path}: the key must be a four-digit year.");
            return;
        }

        if (year.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object with \"holidays\" and \"makeUpWorkingDays\".");
            return;
        }

        years.Add(number);
        foreach (var day in ReadDays(year.Value, "holidays", path, number, problems))
        {
            holidays.Add(day);
        }

        foreach (var day in ReadDays(year.Value, "makeUpWorkingDays", path, number, problems))
        {
            // A make-up working day replaces a weekday off by working a weekend day; listing a weekday means a typo.
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                problems.Add($"{path}.makeUpWorkingDays: {Iso(day)} is a {day.DayOfWeek}; make-up working days are Saturdays or Sundays.");
            }

            makeUpDays.Add(day);
        }
    }

    private static List<DateOnly> ReadDays(JsonElement year, string name, string yearPath, int yearNumber, List<string> problems)
    {
        var days = new List<DateOnly>();
        var path = $"{yearPath}.{name}";
        if (!year.TryGetProperty(name, out var list))
        {
            return days; // a year may have no make-up days
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected an array of dates (yyyy-MM-dd).");
            return days;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(item.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problems.Add($"{itemPath}: {item.GetRawText()} is not a date (yyyy-MM-dd).");
            }
            else if (day.Year != yearNumber)
            {
                problems.Add($"{itemPath}: {Iso(day)} is not in {yearNumber}.");
            }
            else
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
