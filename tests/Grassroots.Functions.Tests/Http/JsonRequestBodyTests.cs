using System.Text;
using System.Text.Json;
using Grassroots.Functions.Departments;
using Grassroots.Functions.Http;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Tests.Http;

/// <summary>A refused body is described in the API's words: the JSON path and what it must be, never our .NET type names.</summary>
public sealed class JsonRequestBodyTests
{
    public static TheoryData<string, string> IntakeBodies() => new()
    {
        { """{"foo":1}""", "foo" },
        { """{"title":5}""", "title" },
        { """{"title":{"nested":true}}""", "title" },
        { """{"reporter":{"phone":1234567}}""", "reporter.phone" },
        { """{"reporter":{"email":"a@b.c"}}""", "reporter.email" },
        { """{"reporter":"Lin Mei"}""", "reporter" },
        { """{"attachments":"https://example.org/1.jpg"}""", "attachments" },
        { """{"attachments":["https://example.org/1.jpg", 7]}""", "attachments[1]" },
    };

    [Theory]
    [MemberData(nameof(IntakeBodies))]
    public async Task An_intake_body_that_does_not_fit_is_refused_naming_the_json_path_and_no_type(string json, string path)
    {
        var (status, problem) = await ReadAsync<EventReport>(json);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        AssertNoInternalNames(problem);
    }

    [Theory]
    [InlineData("""{"tier":"unit","decision":"escalate","departments":"chengxiang-housing"}""", "departments")]
    [InlineData("""{"tier":"unit","decision":"escalate","reviewer":"p-1"}""", "reviewer")]
    [InlineData("""{"tier":1,"decision":"escalate"}""", "tier")]
    public async Task A_review_body_that_does_not_fit_is_refused_naming_the_json_path_and_no_type(string json, string path)
    {
        var (status, problem) = await ReadAsync<ReviewRequest>(json);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        AssertNoInternalNames(problem);
    }

    [Theory]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"kind":true}""", "kind")]
    public async Task A_department_report_that_does_not_fit_is_refused_naming_the_json_path(string json, string path)
    {
        var (status, problem) = await ReadAsync<DepartmentReportRequest>(json);

        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        AssertNoInternalNames(problem);
    }

    [Theory]
    [InlineData("""{"title": }""")]
    [InlineData("""{"title":"x",}""")]
    [InlineData("""{"title":"x"} // note""")]
    public async Task Malformed_json_is_refused_with_its_position_only(string json)
    {
        var (status, problem) = await ReadAsync<EventReport>(json);

        Assert.Equal(400, status);
        Assert.Contains("line 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertNoInternalNames(problem);
    }

    [Fact]
    public async Task A_body_that_fits_is_bound()
    {
        var (status, _) = await ReadAsync<ReviewRequest>("""{"Tier":"unit","decision":"resolve","outcome":"fixed","departments":null}""");
        Assert.Equal(200, status);
    }

    private static void AssertNoInternalNames(JsonElement problem)
    {
        var text = problem.ToString();
        Assert.DoesNotContain("Grassroots", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", text, StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonElement Problem)> ReadAsync<T>(string json)
        where T : class
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var result = await JsonRequestBody.ReadAsync<T>(context.Request, 16 * 1024);
        if (!result.Failed)
        {
            return (200, default);
        }

        var problem = Assert.IsType<ObjectResult>(result.Problem);
        return (problem.StatusCode!.Value, JsonSerializer.SerializeToElement(problem.Value, problem.Value!.GetType()));
    }
}
