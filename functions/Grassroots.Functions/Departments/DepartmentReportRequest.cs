namespace Grassroots.Functions.Departments;

/// <summary>
/// The body of POST /api/events/{id}/department-reports. The department is the signed-in app identity; a
/// <see cref="DepartmentId"/> in the body is accepted only when it names that same department.
/// </summary>
public sealed record DepartmentReportRequest
{
    public string? DepartmentId { get; init; }
    public string? Kind { get; init; }
    /// <summary>Required: the dispatch round the report answers, as the dispatched notice and GET /api/events/{id} show it.</summary>
    public int? Round { get; init; }
    /// <summary>Required when returning the event.</summary>
    public string? Reason { get; init; }
    public string? Note { get; init; }
}
