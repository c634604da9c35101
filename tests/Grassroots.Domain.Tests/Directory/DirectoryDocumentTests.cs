using System.Text;

namespace Grassroots.Domain.Tests;

public class DirectoryDocumentTests
{
    [Fact]
    public void Text_that_is_not_json_is_refused_with_a_format_problem()
    {
        var ex = Assert.Throws<DirectoryFormatException>(() => DirectoryDocument.Parse("{ \"schemaVersion\": 1, \"nodes\": [ }"));

        var problem = Assert.Single(ex.Problems);
        Assert.Contains("line 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_json_type_is_refused_with_its_path()
    {
        var doc = SmallDirectory.Json();
        doc.NodeAt(2)["tier"] = 4;

        var ex = Assert.Throws<DirectoryFormatException>(() => DirectoryDocument.Parse(doc.ToJsonString()));

        Assert.Equal("nodes[2].tier", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void The_json_literal_null_is_refused() =>
        Assert.Throws<DirectoryFormatException>(() => DirectoryDocument.Parse("null"));

    [Fact]
    public void Comments_and_unknown_properties_such_as_dollar_comment_are_ignored()
    {
        var json = SmallDirectory.Json().ToJsonString().Insert(1, "\"$comment\": \"sample\", /* hand-edited */ ");

        var doc = DirectoryDocument.Parse(json);

        Assert.Empty(DirectoryValidator.Validate(doc));
    }

    [Fact]
    public void A_utf8_stream_reads_the_same_as_a_string()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(SmallDirectory.Json().ToJsonString()));

        var doc = DirectoryDocument.Parse(stream);

        Assert.Equal(9, doc.Nodes!.Count);
        Assert.Equal("lands", doc.Departments![0]!.Id);
    }
}
