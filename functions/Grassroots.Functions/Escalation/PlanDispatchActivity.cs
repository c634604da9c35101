using Grassroots.Domain;
using Grassroots.Functions.Configuration;
using Grassroots.Functions.Directory;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>
/// Looks up the departments of a dispatch and sets their deadlines: acknowledge under the overnight rule, resolve
/// within the department's working days on the committed calendar. An activity, because it reads the directory and
/// the calendar; its answer is kept in the orchestration's history, so replays see the same deadlines.
/// </summary>
public sealed class PlanDispatchActivity(DirectoryStore directory, WorkingCalendarSource calendar)
{
    public const string Name = "PlanDispatch";

    [Function(Name)]
    public async Task<IReadOnlyList<DepartmentAssignment>> Run([ActivityTrigger] DispatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = new DepartmentDeadlinePolicy(request.Policy, calendar.Calendar);
        var assignments = new List<DepartmentAssignment>();
        foreach (var departmentId in request.DepartmentIds)
        {
            // A department removed from the directory since the review was checked is left out; with none left the dispatch comes back.
            if (await directory.FindDepartmentAsync(departmentId) is not { } department)
            {
                continue;
            }

            var deadlines = policy.For(request.DispatchedAt, department.ResolveWithinWorkingDays);
            assignments.Add(new DepartmentAssignment(
                department.Id, department.Name, department.QueueName, department.Contact.PersonId, department.Contact.Name,
                "queue:" + department.QueueName, deadlines.AcknowledgeByUtc, deadlines.ResolveByUtc));
        }

        return assignments;
    }
}
