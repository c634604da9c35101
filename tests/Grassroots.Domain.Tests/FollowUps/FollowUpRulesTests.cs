using Grassroots.Domain.Access;
using Grassroots.Domain.Events;
using Grassroots.Domain.FollowUps;

namespace Grassroots.Domain.Tests.FollowUps;

public sealed class FollowUpRulesTests
{
    private static readonly string[] Chain = ["u1", "g1", "c1", "t1", "d1", "city"];

    private static FollowUpAnswer Answer(bool fixedIt, int satisfaction) => new(fixedIt, satisfaction, null, FollowUpChannels.Resident, null, null, 3);

    [Theory]
    [InlineData(ResolutionOutcomes.Fixed, true)]
    [InlineData(ResolutionOutcomes.NotOurs, true)]
    [InlineData(ResolutionOutcomes.NoActionNeeded, true)]
    [InlineData(ResolutionOutcomes.Duplicate, false)]
    public void Every_close_is_followed_up_but_a_duplicates_whose_original_is(string outcome, bool followedUp) =>
        Assert.Equal(followedUp, FollowUpRules.IsFollowedUp(outcome));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Satisfaction_runs_from_one_to_five(int satisfaction, bool valid) =>
        Assert.Equal(valid, FollowUpRules.IsValidSatisfaction(satisfaction));

    [Fact]
    public void Satisfied_means_fixed_with_four_or_five_and_only_not_fixed_reopens()
    {
        Assert.True(FollowUpRules.IsSatisfied(Answer(true, 4)));
        Assert.False(FollowUpRules.IsSatisfied(Answer(true, 3)));
        Assert.False(FollowUpRules.IsSatisfied(Answer(false, 5)));
        Assert.True(FollowUpRules.Reopens(Answer(false, 5)));
        Assert.False(FollowUpRules.Reopens(Answer(true, 1)));
    }

    [Fact]
    public void An_answer_counts_up_to_and_including_the_end_of_the_window()
    {
        var end = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        Assert.True(FollowUpRules.IsInWindow(end, end));
        Assert.False(FollowUpRules.IsInWindow(end.AddTicks(1), end));
    }

    [Fact]
    public void Only_the_grid_or_community_head_of_the_chain_records_a_phone_follow_up()
    {
        Caller Person(string node) => new(CallerKind.Person, "i", "p", null, [node], false);
        Assert.True(AccessPolicy.MayRecordFollowUp(Person("g1"), Chain));
        Assert.True(AccessPolicy.MayRecordFollowUp(Person("c1"), Chain));
        Assert.False(AccessPolicy.MayRecordFollowUp(Person("u1"), Chain));
        Assert.False(AccessPolicy.MayRecordFollowUp(Person("t1"), Chain));
        Assert.False(AccessPolicy.MayRecordFollowUp(Person("g2"), Chain));
        Assert.False(AccessPolicy.MayRecordFollowUp(new Caller(CallerKind.Unknown, "x", null, null, [], IsAdmin: true), Chain));
    }
}
