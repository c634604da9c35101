using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;
using Grassroots.Functions.Events;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.Functions.Escalation;

/// <summary>What the orchestration asks when a deadline's timer fires: was a decision accepted in time that has not reached it yet?</summary>
public sealed record AcceptedReviewsQuery(string EventId, int Round, DateTimeOffset AcceptedBy);

/// <summary>The same question for one department's reports in a dispatch round.</summary>
public sealed record AcceptedReportsQuery(string EventId, string DepartmentId, int Round, DateTimeOffset AcceptedBy);

/// <summary>When the follow-up window's timer fires: was an answer accepted by its end that has not reached the orchestration yet?</summary>
public sealed record AcceptedFollowUpQuery(string EventId, int Round, DateTimeOffset AcceptedBy);

public sealed class AcceptedDecisionActivities(AcceptedDecisions accepted)
{
    public const string FollowUpName = "FindAcceptedFollowUp";

    public const string ReviewsName = "FindAcceptedReviews";
    public const string ReportsName = "FindAcceptedReports";

    [Function(ReviewsName)]
    public Task<IReadOnlyList<ReviewDecision>> Reviews([ActivityTrigger] AcceptedReviewsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return accepted.ReviewsAsync(query.EventId, query.Round, query.AcceptedBy);
    }

    [Function(ReportsName)]
    public Task<IReadOnlyList<DepartmentReport>> Reports([ActivityTrigger] AcceptedReportsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return accepted.ReportsAsync(query.EventId, query.DepartmentId, query.Round, query.AcceptedBy);
    }

    [Function(FollowUpName)]
    public Task<FollowUpAnswer?> FollowUp([ActivityTrigger] AcceptedFollowUpQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return accepted.FollowUpAnswerAsync(query.EventId, query.Round, query.AcceptedBy);
    }
}
