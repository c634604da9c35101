using System.Text.Json;
using Grassroots.Domain.Events;
using Grassroots.Functions.Events;
using Grassroots.Functions.Reporting;

namespace Grassroots.Functions.Tests.Reporting;

public sealed class InboxEntriesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 1, 15, 59, 59, TimeSpan.Zero);

    private static EventRow Waiting(string stage = EventStage.AwaitingReview) => new()
    {
        PartitionKey = "EV1",
        Title = "Flat area",
        Category = "livelihood",
        UnitId = "u1",
        Status = EventStatus.Open,
        Stage = stage,
        CurrentTier = "town",
        CurrentNodeId = "t1",
        DeadlineUtc = Deadline,
        Round = 4,
    };

    private static DispatchRecord Part(string department, int round, string state) =>
        new(round, department, department, "t1", "p-t1", Deadline.AddDays(-1), Deadline.AddHours(1), Deadline.AddDays(5), state, null);

    [Fact]
    public void An_event_awaiting_review_waits_in_the_holding_nodes_inbox_by_its_deadline()
    {
        var entry = Assert.Single(InboxEntries.For(Waiting()));
        Assert.Equal("n~t1", entry.PartitionKey);
        Assert.Equal(InboxRow.KeyFor(Deadline, "EV1"), entry.RowKey);
        Assert.Equal(InboxActions.Review, entry.Action);
        Assert.Equal(4, entry.Round);
    }

    [Theory]
    [InlineData(EventStatus.Resolved)]
    [InlineData(EventStatus.Closed)]
    public void A_closed_event_waits_nowhere(string status)
    {
        var row = Waiting();
        row.Status = status;
        Assert.Empty(InboxEntries.For(row));
    }

    [Fact]
    public void A_dispatch_waits_at_each_unsettled_department_of_the_current_round_only()
    {
        var row = Waiting(EventStage.Dispatched);
        row.DispatchesJson = JsonSerializer.Serialize(new[]
        {
            Part("housing", 4, DispatchStates.Dispatched),
            Part("resources", 4, DispatchStates.Acknowledged),
            Part("police", 4, DispatchStates.Resolved),
            Part("court", 2, DispatchStates.Dispatched),
        });

        var entries = InboxEntries.For(row).OrderBy(e => e.PartitionKey, StringComparer.Ordinal).ToList();

        Assert.Equal(["d~housing", "d~resources"], entries.Select(e => e.PartitionKey));
        Assert.Equal(InboxActions.Acknowledge, entries[0].Action);
        Assert.Equal(Deadline.AddHours(1), entries[0].DeadlineUtc);
        Assert.Equal(InboxActions.Resolve, entries[1].Action);
        Assert.Equal(Deadline.AddDays(5), entries[1].DeadlineUtc);
    }

    [Fact]
    public void Rows_of_one_partition_sort_by_deadline()
    {
        var sooner = InboxRow.KeyFor(Deadline, "EV9");
        var later = InboxRow.KeyFor(Deadline.AddSeconds(1), "EV1");
        Assert.True(string.CompareOrdinal(sooner, later) < 0);
    }
}
