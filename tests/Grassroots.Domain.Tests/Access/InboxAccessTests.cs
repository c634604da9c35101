using Grassroots.Domain.Access;

namespace Grassroots.Domain.Tests.Access;

public sealed class InboxAccessTests
{
    [Fact]
    public void People_and_departments_of_the_directory_have_an_inbox()
    {
        Assert.True(AccessPolicy.HasInbox(new Caller(CallerKind.Person, "id", "p", null, ["u1"], false)));
        Assert.True(AccessPolicy.HasInbox(new Caller(CallerKind.Department, "id", null, "housing", [], false)));
    }

    [Fact]
    public void An_admin_outside_the_directory_or_an_unknown_caller_has_no_inbox()
    {
        Assert.False(AccessPolicy.HasInbox(new Caller(CallerKind.Unknown, "id", null, null, [], IsAdmin: true)));
        Assert.False(AccessPolicy.HasInbox(new Caller(CallerKind.Unknown, "id", null, null, [], false)));
        Assert.False(AccessPolicy.HasInbox(Caller.Anonymous));
    }
}
