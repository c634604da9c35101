using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Functions.Access;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Status;
using Grassroots.IntegrationTests.Infrastructure;

namespace Grassroots.IntegrationTests.Hardening;

/// <summary>The corpus gets its own host: its row counts must not see other tests' events move.</summary>
public sealed class CorpusFixture : HardeningFixture;

/// <summary>
/// Bad input at every endpoint, each case one fault away from a valid request by a caller who may make it: the answer is
/// the one 4xx the case expects (never a 5xx), a problem+json body that names none of our types, and no table gains or
/// loses a row.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class BadInputCorpusTests(CorpusFixture fixture) : IClassFixture<CorpusFixture>
{
    public enum Who { Anonymous, UnitHead, SiblingUnitHead, Department, OtherDepartment, UserThroughDepartmentApp, Admin }

    /// <param name="WithRound">Review and report bodies are sent with the event's current round unless they name one or this is false.</param>
    public sealed record BadInput(string Name, Who Who, HttpMethod Method, string Path, string? Body, int Expected, string ContentType = "application/json", string? IdempotencyKey = null, string? TrackingToken = null, bool WithRound = true)
    {
        public override string ToString() => Name;
    }

    private const string Waiting = "{waiting}";
    private const string Dispatched = "{dispatched}";
    private const string FollowingUp = "{follow-up}";
    private const string FollowUpToken = "{follow-up-token}";

    private static JsonObject Report() => ValidBodies.Report(HardeningFixture.Unit);

    private static JsonObject Review() => ValidBodies.Review("unit");

    private static JsonObject DepartmentReport() => ValidBodies.DepartmentReport();

    private static BadInput Intake(string name, JsonObject body, int expected) => new(name, Who.Anonymous, HttpMethod.Post, "/api/events", body.ToJsonString(), expected);

    private static BadInput Intake(string name, string body, int expected, string contentType = "application/json", string? key = null) =>
        new(name, Who.Anonymous, HttpMethod.Post, "/api/events", body, expected, contentType, key);

    private static BadInput Reviewing(string name, JsonObject body, int expected, Who who = Who.UnitHead, string eventId = Waiting, bool withRound = true) =>
        new(name, who, HttpMethod.Post, $"/api/events/{eventId}/reviews", body.ToJsonString(), expected, WithRound: withRound);

    private static BadInput Reporting(string name, JsonObject body, int expected, Who who = Who.Department, bool withRound = true) =>
        new(name, who, HttpMethod.Post, $"/api/events/{Dispatched}/department-reports", body.ToJsonString(), expected, WithRound: withRound);

    private static BadInput Get(string name, string path, int expected, Who who = Who.Admin, string? token = null) =>
        new(name, who, HttpMethod.Get, path, null, expected, TrackingToken: token);

    private static JsonObject Answer() => new() { ["fixed"] = true, ["satisfaction"] = 5, ["comment"] = "The stairwell is clear now." };

    private static BadInput Feedback(string name, string body, int expected, string? token = FollowUpToken, string contentType = "application/json") =>
        new(name, Who.Anonymous, HttpMethod.Post, "/api/tracking/feedback", body, expected, contentType, TrackingToken: token);

    private static BadInput PhoneFollowUp(string name, string body, int expected, Who who, string contentType = "application/json") =>
        new(name, who, HttpMethod.Post, $"/api/events/{FollowingUp}/follow-ups", body, expected, contentType);

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static JsonObject Sample(Action<JsonObject>? change = null) => DirectoryImports.Sample(change);

    /// <summary>The sample without the removed departments, moving the first one's dispatches to <paramref name="target"/>.</summary>
    private static JsonObject WithoutDepartment(string removed, string target, string? alsoRemoved = null) => Sample(d =>
    {
        var departments = d["departments"]!.AsArray();
        foreach (var id in new[] { removed, alsoRemoved }.OfType<string>())
        {
            departments.Remove(departments.Single(x => x!["id"]!.GetValue<string>() == id));
        }

        d["moves"] = new JsonObject { ["departments"] = new JsonObject { [removed] = target } };
    });

    private static JsonObject WithDeputy(DateTimeOffset? from, DateTimeOffset until) => Sample(d =>
    {
        var deputy = DirectoryImports.Deputy(DirectoryImports.Person("p-cover", "cover-identity"), from ?? until, until);
        if (from is null)
        {
            deputy.Remove("from");
        }

        d.NodeOf(HardeningFixture.Unit)["deputies"] = new JsonArray(deputy);
    });

    private static JsonObject Circle(double lat, double lon, double radiusMeters) =>
        new() { ["center"] = new JsonArray(lat, lon), ["radiusMeters"] = radiusMeters };

    private static JsonObject Polygon(params double[][] vertices) =>
        new() { ["polygon"] = new JsonArray([.. vertices.Select(v => (JsonNode)new JsonArray([.. v.Select(x => (JsonNode)x)]))]) };

    private static BadInput Import(string name, JsonObject body, int expected, string query = "") =>
        new(name, Who.Admin, HttpMethod.Post, "/api/directory/import" + query, body.ToJsonString(), expected);

    public static IEnumerable<BadInput> All()
    {
        // ---- POST /api/events ----
        yield return Intake("intake: no content type", Report().ToJsonString(), 415, contentType: "");
        yield return Intake("intake: text/plain", Report().ToJsonString(), 415, contentType: "text/plain");
        yield return Intake("intake: malformed JSON", """{"title": """, 400);
        yield return Intake("intake: trailing comma", """{"title":"x",}""", 400);
        yield return Intake("intake: a JSON array", "[]", 400);
        yield return Intake("intake: JSON null", "null", 400);
        yield return Intake("intake: unknown field", Report().With("foo", 1), 400);
        yield return Intake("intake: title is a number", Report().With("title", 5), 400);
        yield return Intake("intake: reporter is a string", Report().With("reporter", "Lin Mei"), 400);
        yield return Intake("intake: missing title", Report().Without("title"), 400);
        yield return Intake("intake: title too long", Report().With("title", new string('t', EventReportValidator.MaxTitle + 1)), 400);
        yield return Intake("intake: description too long", Report().With("description", new string('d', EventReportValidator.MaxDescription + 1)), 400);
        yield return Intake("intake: title with a bell", Report().With("title", "Blocked\u0007 stairwell"), 400);
        yield return Intake("intake: title with a newline", Report().With("title", "Blocked\nstairwell"), 400);
        yield return Intake("intake: description with NUL", Report().With("description", "Bikes\u0000 everywhere"), 400);
        yield return Intake("intake: description with RLO", Report().With("description", "Bikes \u202Eeverywhere"), 400);
        yield return Intake("intake: description with an isolate", Report().With("description", "Bikes \u2067everywhere\u2069"), 400);
        yield return Intake("intake: reporter name with ESC", Report().With("reporter.name", "Lin\u001b[2JMei"), 400);
        yield return Intake("intake: lone surrogate in title", Report().ToJsonString().Replace("\"title\":\"Neighbour", "\"title\":\"\\ud800Neighbour", StringComparison.Ordinal), 400);
        yield return Intake("intake: occurredAt without offset", Report().With("occurredAt", "2026-11-20T09:30:00"), 400);
        yield return Intake("intake: occurredAt year 0", Report().With("occurredAt", "0000-01-01T00:00:00+08:00"), 400);
        yield return Intake("intake: occurredAt before 1601", Report().With("occurredAt", "1600-12-31T00:00:00+00:00"), 422);
        yield return Intake("intake: occurredAt in 1601", Report().With("occurredAt", "1601-01-01T00:00:00+00:00"), 422);
        yield return Intake("intake: occurredAt in 1900", Report().With("occurredAt", "1900-06-01T00:00:00+08:00"), 422);
        yield return Intake("intake: occurredAt in 2099", Report().With("occurredAt", "2099-01-01T00:00:00+08:00"), 422);
        yield return Intake("intake: occurredAt 9999-12-31", Report().With("occurredAt", "9999-12-31T23:59:59+00:00"), 422);
        yield return Intake("intake: unknown category", Report().With("category", "aliens"), 422);
        yield return Intake("intake: unknown channel", Report().With("channel", "carrier-pigeon"), 422);
        yield return Intake("intake: unknown unit", Report().With("unitId", "no-such-unit"), 422);
        yield return Intake("intake: unit is a grid", Report().With("unitId", "bantou-g1"), 422);
        yield return Intake("intake: unit id with table key characters", Report().With("unitId", "bantou/g1#u1?"), 422);
        yield return Intake("intake: javascript attachment", Report().With("attachments", new JsonArray("javascript:alert(1)")), 400);
        yield return Intake("intake: eleven attachments", Report().With("attachments", new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode?)$"https://example.org/{i}.jpg").ToArray())), 400);
        yield return Intake("intake: attachment is a number", Report().With("attachments", new JsonArray(7)), 400);
        yield return Intake("intake: lat above 90", Report().With("lat", 90.5).With("long", 119.0), 400);
        yield return Intake("intake: long below -180", Report().With("lat", 25.4).With("long", -180.5), 400);
        yield return Intake("intake: lat without long", Report().With("lat", 25.4), 400);
        yield return Intake("intake: lat is a string", Report().With("lat", "north").With("long", 119.0), 400);
        yield return Intake("intake: neither unitId nor lat/long", Report().Without("unitId"), 400);
        yield return Intake("intake: lat/long in no unit's area, no unitId", Report().Without("unitId").With("lat", 25.60).With("long", 119.30), 422);
        yield return Intake("intake: long alone, no unitId", Report().Without("unitId").With("long", 119.0), 400);
        yield return Intake("intake: address with a control character", Report().With("address", "Flat\u0007502"), 400);
        yield return Intake("intake: address too long", Report().With("address", new string('a', 257)), 400);
        yield return Intake("intake: phone with letters", Report().With("reporter.phone", "call me maybe"), 400);
        yield return Intake("intake: neither key nor reference", Report().Without("channelReference"), 400);
        yield return Intake("intake: Idempotency-Key too long", Report().Without("channelReference").ToJsonString(), 400, key: new string('k', 129));
        yield return Intake("intake: body over the limit", Report().With("description", new string('d', 40_000)).ToJsonString(), 413);

        // ---- POST /api/events/{id}/reviews ----
        yield return new BadInput("review: malformed JSON", Who.UnitHead, HttpMethod.Post, $"/api/events/{Waiting}/reviews", """{"tier":""", 400);
        yield return new BadInput("review: form content type", Who.UnitHead, HttpMethod.Post, $"/api/events/{Waiting}/reviews", "tier=unit", 415, "application/x-www-form-urlencoded");
        yield return Reviewing("review: unknown field", Review().With("reviewer", "p-1"), 400);
        yield return Reviewing("review: missing tier", Review().Without("tier"), 400);
        yield return Reviewing("review: unknown tier", Review().With("tier", "galaxy"), 400);
        yield return Reviewing("review: unknown decision", Review().With("decision", "ignore"), 400);
        yield return Reviewing("review: tier is a number", Review().With("tier", 1), 400);
        yield return Reviewing("review: note with a control character", Review().With("note", "ok\u0008"), 400);
        yield return Reviewing("review: note with a bidi override", Review().With("note", "ok \u202Dfine"), 400);
        yield return Reviewing("review: note too long", Review().With("note", new string('n', 2001)), 400);
        yield return Reviewing("review: departments not an array", Review().With("departments", "chengxiang-housing"), 400);
        yield return Reviewing("review: eleven departments", Review().With("departments", new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode?)$"d{i}").ToArray())), 400);
        yield return Reviewing("review: duplicateOf with outcome fixed", Review().With("decision", "resolve").With("outcome", "fixed").With("duplicateOf", Dispatched), 400);
        yield return Reviewing("review: duplicateOf with escalate", Review().With("duplicateOf", Dispatched), 400);
        yield return Reviewing("review: duplicateOf with a slash", Review().With("decision", "resolve").With("outcome", "duplicate").With("duplicateOf", "EV/1"), 422);
        yield return Reviewing("review: duplicateOf with a control character", Review().With("decision", "resolve").With("outcome", "duplicate").With("duplicateOf", "EV\u0001"), 400);
        yield return Reviewing("review: duplicateOf an unknown event", Review().With("decision", "resolve").With("outcome", "duplicate").With("duplicateOf", "EV20260101000000-ZZZZZZZZ"), 422);
        yield return Reviewing("review: duplicateOf itself", Review().With("decision", "resolve").With("outcome", "duplicate").With("duplicateOf", Waiting), 422);
        yield return Reviewing("review: resolve without outcome", Review().With("decision", "resolve"), 422);
        yield return Reviewing("review: unknown outcome", Review().With("decision", "resolve").With("outcome", "vanished"), 400);
        yield return Reviewing("review: dispatch at the unit", Review().With("decision", "dispatch").With("departments", new JsonArray("chengxiang-housing")), 422);
        yield return Reviewing("review: stale tier", Review().With("tier", "grid"), 409);
        yield return Reviewing("review: by a sibling unit's head", Review(), 404, Who.SiblingUnitHead);
        yield return Reviewing("review: anonymous", Review(), 401, Who.Anonymous);
        yield return Reviewing("review: unknown event", Review(), 404, eventId: "EV20260101000000-ZZZZZZZZ");
        yield return Reviewing("review: event id with a control character", Review(), 404, eventId: "EV%01x");
        yield return Reviewing("review: event id of 600 characters", Review(), 404, eventId: new string('E', 600));
        yield return Reviewing("review: a dispatched event", ValidBodies.Review("town"), 403, eventId: Dispatched);
        yield return Reviewing("review: without a round", Review(), 400, withRound: false);
        yield return Reviewing("review: round is text", Review().With("round", "latest"), 400);
        yield return Reviewing("review: round zero", Review().With("round", 0), 400);
        yield return Reviewing("review: a later round", Review().With("round", 999), 409);

        // ---- POST /api/events/{id}/department-reports ----
        yield return new BadInput("department report: malformed JSON", Who.Department, HttpMethod.Post, $"/api/events/{Dispatched}/department-reports", "{", 400);
        yield return Reporting("department report: unknown field", DepartmentReport().With("priority", "high"), 400);
        yield return Reporting("department report: without a round", DepartmentReport(), 400, withRound: false);
        yield return Reporting("department report: a later round", DepartmentReport().With("round", 999), 409);
        yield return Reporting("department report: unknown kind", DepartmentReport().With("kind", "ignored"), 400);
        yield return Reporting("department report: kind is a bool", DepartmentReport().With("kind", true), 400);
        yield return Reporting("department report: returned without reason", DepartmentReport().With("kind", "returned"), 400);
        yield return Reporting("department report: note with a control character", DepartmentReport().With("note", "done\u001b"), 400);
        yield return Reporting("department report: reason with a bidi override", DepartmentReport().With("kind", "returned").With("reason", "not ours \u202E"), 400);
        yield return Reporting("department report: reason too long", DepartmentReport().With("kind", "returned").With("reason", new string('r', 2001)), 400);
        yield return Reporting("department report: names another department", DepartmentReport().With("departmentId", "chengxiang-court"), 403);
        yield return Reporting("department report: from a department not dispatched", DepartmentReport(), 404, Who.OtherDepartment);
        yield return Reporting("department report: a user through the department's app", DepartmentReport(), 404, Who.UserThroughDepartmentApp);
        yield return Reporting("department report: anonymous", DepartmentReport(), 401, Who.Anonymous);

        // ---- GET /api/events/{id} ----
        yield return Get("read: unknown event", "/api/events/EV20260101000000-ZZZZZZZZ", 404);
        yield return Get("read: id with a control character", "/api/events/EV%01", 404);
        yield return Get("read: id with a quote", "/api/events/EV'%20or%20'1'%3D'1", 404);
        yield return Get("read: id of 600 characters", "/api/events/" + new string('E', 600), 404);

        // ---- POST /api/tracking/feedback (回访, the resident) ----
        yield return Feedback("feedback: no token", Answer().ToJsonString(), 404, token: null);
        yield return Feedback("feedback: made-up token", Answer().ToJsonString(), 404, token: "not-a-token");
        yield return Feedback("feedback: token too long", Answer().ToJsonString(), 404, token: new string('t', 101));
        yield return Feedback("feedback: text/plain", Answer().ToJsonString(), 415, contentType: "text/plain");
        yield return Feedback("feedback: malformed JSON", """{"fixed": """, 400);
        yield return Feedback("feedback: unknown field", Answer().With("phone", "+86 138 0000 1234").ToJsonString(), 400);
        yield return Feedback("feedback: fixed missing", Answer().Without("fixed").ToJsonString(), 400);
        yield return Feedback("feedback: fixed as a string", Answer().With("fixed", "yes").ToJsonString(), 400);
        yield return Feedback("feedback: satisfaction missing", Answer().Without("satisfaction").ToJsonString(), 400);
        yield return Feedback("feedback: satisfaction 0", Answer().With("satisfaction", 0).ToJsonString(), 400);
        yield return Feedback("feedback: satisfaction 6", Answer().With("satisfaction", 6).ToJsonString(), 400);
        yield return Feedback("feedback: satisfaction 4.5", Answer().With("satisfaction", 4.5).ToJsonString(), 400);
        yield return Feedback("feedback: comment too long", Answer().With("comment", new string('x', 1001)).ToJsonString(), 400);
        yield return Feedback("feedback: comment with a bidi override", Answer().With("comment", "ok\u202Efixed").ToJsonString(), 400);
        yield return Feedback("feedback: body too large", Answer().With("comment", new string('x', 9000)).ToJsonString(), 413);
        // ---- POST /api/events/{id}/follow-ups (a phone follow-up) ----
        yield return PhoneFollowUp("follow-ups: anonymous", Answer().ToJsonString(), 401, Who.Anonymous);
        yield return PhoneFollowUp("follow-ups: someone not on the chain", Answer().ToJsonString(), 404, Who.SiblingUnitHead);
        yield return PhoneFollowUp("follow-ups: a department", Answer().ToJsonString(), 404, Who.Department);
        yield return PhoneFollowUp("follow-ups: the unit head (on the chain, not grid or community)", Answer().ToJsonString(), 403, Who.UnitHead);
        yield return PhoneFollowUp("follow-ups: an admin", Answer().ToJsonString(), 403, Who.Admin);
        yield return PhoneFollowUp("follow-ups: satisfaction 9", Answer().With("satisfaction", 9).ToJsonString(), 400, Who.Admin);
        yield return PhoneFollowUp("follow-ups: text/plain", Answer().ToJsonString(), 415, Who.Admin, "text/plain");
        yield return new BadInput("follow-ups: unknown event", Who.Admin, HttpMethod.Post, "/api/events/EV20990101000000-NOPE0000/follow-ups", Answer().ToJsonString(), 404);

        // ---- GET /api/tracking ----
        yield return Get("tracking: no token", "/api/tracking", 404, Who.Anonymous);
        yield return Get("tracking: token too long", "/api/tracking", 404, Who.Anonymous, new string('t', 101));
        yield return Get("tracking: made-up token", "/api/tracking", 404, Who.Anonymous, "not-a-token");

        // ---- POST /api/directory/import ----
        yield return new BadInput("import: malformed JSON", Who.Admin, HttpMethod.Post, "/api/directory/import", "{\"nodes\":", 400);
        yield return new BadInput("import: text/plain", Who.Admin, HttpMethod.Post, "/api/directory/import", "{}", 415, "text/plain");
        yield return new BadInput("import: empty directory", Who.Admin, HttpMethod.Post, "/api/directory/import", "{}", 422);
        yield return new BadInput("import: nodes is a string", Who.Admin, HttpMethod.Post, "/api/directory/import", """{"nodes":"all"}""", 422);
        yield return new BadInput("import: by a unit head", Who.UnitHead, HttpMethod.Post, "/api/directory/import", "{}", 403);
        yield return Import("import: dryRun=yes", Sample(), 400, "?dryRun=yes");
        yield return Import("import: dryRun empty", Sample(), 400, "?dryRun=");
        yield return Import("import: dryRun twice", Sample(), 400, "?dryRun=true&dryRun=false");
        yield return Import("import: dryRun=TRUE", Sample(), 400, "?dryRun=TRUE");
        yield return Import("import: dry run of a valid directory writes nothing", Sample(d => d.NodeOf(HardeningFixture.Unit)["name"] = "Renamed"), 200, "?dryRun=true");
        yield return Import("import: dry run of an invalid directory", Sample(d => d["nodes"]!.AsArray().RemoveAt(0)), 422, "?dryRun=true");
        yield return Import("import: moves is a list", Sample(d => d["moves"] = new JsonArray("a")), 400);
        yield return Import("import: moves has an unknown part", Sample(d => d["moves"] = new JsonObject { ["people"] = new JsonObject() }), 400);
        yield return Import("import: moves.nodes is a string", Sample(d => d["moves"] = new JsonObject { ["nodes"] = "all" }), 400);
        yield return Import("import: a move to a number", Sample(d => d["moves"] = new JsonObject { ["nodes"] = new JsonObject { ["bantou-g1-u1"] = 7 } }), 400);
        yield return Import("import: a move from an id with a slash", Sample(d => d["moves"] = new JsonObject { ["nodes"] = new JsonObject { ["a/b"] = "bantou-g1-u2" } }), 400);
        yield return Import("import: a move of a node the import keeps", Sample(d => d["moves"] = new JsonObject { ["nodes"] = new JsonObject { ["bantou-g1-u1"] = "bantou-g1-u2" } }), 422);
        yield return Import("import: a move of a department the import keeps", Sample(d => d["moves"] = new JsonObject { ["departments"] = new JsonObject { [HardeningFixture.Department] = "chengxiang-court" } }), 422);
        yield return Import("import: a removed department's dispatches moved to an unknown department", WithoutDepartment(HardeningFixture.Department, "no-such-bureau"), 422);
        yield return Import("import: a removed department's dispatches moved to a department removed too", WithoutDepartment(HardeningFixture.Department, "chengxiang-court", "chengxiang-court"), 422);
        yield return Import("import: a removed department's dispatches moved to itself", WithoutDepartment(HardeningFixture.Department, HardeningFixture.Department), 422);
        // The dispatch came from Xialin street; Licheng's housing bureau takes dispatches from Xitianwei town and Licheng only.
        yield return Import("import: a removed department's dispatch moved to a department its dispatching node may not dispatch to", WithoutDepartment(HardeningFixture.Department, "licheng-housing"), 422);
        yield return Import("import: a move to a node of another tier", Sample(d =>
        {
            d["nodes"]!.AsArray().Remove(d.NodeOf("bantou-g2-u2"));
            d["moves"] = new JsonObject { ["nodes"] = new JsonObject { ["bantou-g2-u2"] = "bantou-g2" } };
        }), 422);
        yield return Import("import: a deputy whose cover ends before it starts", WithDeputy(Now.AddDays(2), Now.AddDays(1)), 422);
        yield return Import("import: a deputy whose cover ends as it starts", WithDeputy(Now, Now), 422);
        yield return Import("import: a deputy covering 400 days", WithDeputy(Now, Now.AddDays(400)), 422);
        yield return Import("import: a deputy without from", WithDeputy(null, Now.AddDays(1)), 422);
        yield return Import("import: a deputy with a date of words", Sample(d => d.NodeOf(HardeningFixture.Unit)["deputies"] = new JsonArray(new JsonObject
        {
            ["person"] = DirectoryImports.Person("p-cover", "cover-identity"), ["from"] = "next monday", ["until"] = "2026-12-31T00:00:00+08:00",
        })), 422);
        yield return Import("import: a deputy who is the node's head", Sample(d => d.NodeOf(HardeningFixture.Unit)["deputies"] = new JsonArray(
            DirectoryImports.Deputy(d.NodeOf(HardeningFixture.Unit)["responsible"]!.DeepClone().AsObject(), Now, Now.AddDays(1)))), 422);
        yield return Import("import: deputies is an object", Sample(d => d.NodeOf(HardeningFixture.Unit)["deputies"] = new JsonObject()), 422);
        yield return Import("import: an area on a grid", Sample(d => d.NodeOf("bantou-g1")["area"] = Circle(25.43, 119.0, 100)), 422);
        yield return Import("import: a polygon of two vertices", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Polygon([25.430, 119.000], [25.431, 119.001])), 422);
        yield return Import("import: a polygon whose edges cross", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] =
            Polygon([25.430, 119.000], [25.431, 119.001], [25.430, 119.001], [25.431, 119.000])), 422);
        yield return Import("import: a polygon of 201 vertices", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] =
            Polygon([.. Enumerable.Range(0, 201).Select(i => new[] { 25.43 + (0.001 * Math.Sin(i * Math.PI / 100.5)), 119.0 + (0.001 * Math.Cos(i * Math.PI / 100.5)) })])), 422);
        yield return Import("import: a vertex with latitude 95", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Polygon([25.430, 119.000], [95, 119.001], [25.431, 119.001])), 422);
        yield return Import("import: a vertex of three numbers", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Polygon([25.430, 119.000, 3], [25.430, 119.001], [25.431, 119.001])), 422);
        yield return Import("import: a polygon as text", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = new JsonObject { ["polygon"] = "around the block" }), 422);
        yield return Import("import: a radius of 0", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Circle(25.43, 119.0, 0)), 422);
        yield return Import("import: a radius of 6 km", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Circle(25.43, 119.0, 6000)), 422);
        yield return Import("import: a circle without a center", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = new JsonObject { ["radiusMeters"] = 50 }), 422);
        yield return Import("import: both a polygon and a circle", Sample(d =>
        {
            var area = Circle(25.43, 119.0, 50);
            area["polygon"] = Polygon([25.430, 119.000], [25.430, 119.001], [25.431, 119.001])["polygon"]!.DeepClone();
            d.NodeOf(HardeningFixture.Unit)["area"] = area;
        }), 422);
        yield return Import("import: an empty area", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = new JsonObject()), 422);
        yield return Import("import: a polygon half the city wide", Sample(d => d.NodeOf(HardeningFixture.Unit)["area"] = Polygon([25.0, 118.6], [25.0, 119.2], [25.6, 119.2])), 422);

        // ---- GET /api/directory/imports ----
        yield return Get("imports: by a unit head", "/api/directory/imports", 403, Who.UnitHead);
        yield return Get("imports: anonymous", "/api/directory/imports", 401, Who.Anonymous);
        yield return Get("imports: top=0", "/api/directory/imports?top=0", 400);
        yield return Get("imports: top=201", "/api/directory/imports?top=201", 400);
        yield return Get("imports: top of words", "/api/directory/imports?top=all", 400);
        yield return Get("imports: top twice", "/api/directory/imports?top=1&top=2", 400);

        // ---- GET /api/nodes/{nodeId}/events ----
        yield return Get("work queue: unknown status", "/api/nodes/bantou/events?status=lost", 400);
        yield return Get("work queue: page size 0", "/api/nodes/bantou/events?pageSize=0", 400);
        yield return Get("work queue: page size 201", "/api/nodes/bantou/events?pageSize=201", 400);
        yield return Get("work queue: page size not a number", "/api/nodes/bantou/events?pageSize=ten", 400);
        yield return Get("work queue: forged continuation token", "/api/nodes/bantou/events?continuationToken=AAAA", 400);
        yield return Get("work queue: unknown node", "/api/nodes/no-such-node/events", 404);
        yield return Get("work queue: node id with a hash", "/api/nodes/bantou%23x/events", 404);

        // ---- GET /api/stats ----
        yield return Get("stats: from 9999-12-31", "/api/stats?nodeId=bantou&from=9999-12-31&to=9999-12-31", 400);
        yield return Get("stats: from 0001-01-01", "/api/stats?nodeId=bantou&from=0001-01-01&to=0001-01-02", 400);
        yield return Get("stats: 30 February", "/api/stats?nodeId=bantou&from=2026-02-30&to=2026-03-01", 400);
        yield return Get("stats: to before from", "/api/stats?nodeId=bantou&from=2026-11-30&to=2026-11-01", 400);
        yield return Get("stats: over 366 days", "/api/stats?nodeId=bantou&from=2025-01-01&to=2026-11-30", 400);
        yield return Get("stats: no from", "/api/stats?nodeId=bantou&to=2026-11-30", 400);
        yield return Get("stats: no node", "/api/stats?from=2026-11-01&to=2026-11-30", 400);

        // ---- GET /api/nodes/{nodeId}/breaches ----
        yield return Get("node breaches: month 9999-12", "/api/nodes/bantou/breaches?month=9999-12", 400);
        yield return Get("node breaches: month 0001-01", "/api/nodes/bantou/breaches?month=0001-01", 400);
        yield return Get("node breaches: month 13", "/api/nodes/bantou/breaches?month=2026-13", 400);
        yield return Get("node breaches: no month", "/api/nodes/bantou/breaches", 400);

        // ---- GET /api/honour-roll ----
        yield return Get("honour roll: month 9999-12", "/api/honour-roll?nodeId=bantou&month=9999-12", 400);
        yield return Get("honour roll: month 2100-01", "/api/honour-roll?nodeId=bantou&month=2100-01", 400);
        yield return Get("honour roll: month of words", "/api/honour-roll?nodeId=bantou&month=last", 400);
        yield return Get("honour roll: a unit", "/api/honour-roll?nodeId=bantou-g1-u1&month=2026-11", 400);

        // ---- GET /api/people/{personId}/breaches ----
        yield return Get("person breaches: unknown person", "/api/people/p-nobody/breaches", 404, Who.UnitHead);
        yield return Get("person breaches: id with a hash", "/api/people/p%23x/breaches", 404);
        yield return Get("person breaches: page size -1", "/api/people/p-bantou-g1-u1/breaches?pageSize=-1", 400);
        yield return Get("person breaches: forged continuation token", "/api/people/p-bantou-g1-u1/breaches?continuationToken=%%%", 400);

        // ---- GET /api/me, GET /api/me/inbox ----
        yield return Get("me: nobody signed in", "/api/me", 401, Who.Anonymous);
        yield return Get("my inbox: nobody signed in", "/api/me/inbox", 401, Who.Anonymous);
        yield return Get("my inbox: an admin outside the directory", "/api/me/inbox", 403, Who.Admin);
        yield return Get("my inbox: page size 0", "/api/me/inbox?pageSize=0", 400, Who.UnitHead);
        yield return Get("my inbox: page size 201", "/api/me/inbox?pageSize=201", 400, Who.Department);
        yield return Get("my inbox: page size not a number", "/api/me/inbox?pageSize=all", 400, Who.UnitHead);
        yield return Get("my inbox: a continuation token", "/api/me/inbox?continuationToken=AAAA", 400, Who.UnitHead);

        // ---- GET /api/app/{path} ----
        yield return Get("web app: a file it does not ship", "/api/app/settings.json", 404, Who.Anonymous);
        yield return Get("web app: a path out of its folder", "/api/app/..%2F..%2Fhost.json", 404, Who.Anonymous);
        yield return Get("web app: a file name in another case", "/api/app/APP.JS", 404, Who.Anonymous);

        // ---- GET /api/health ----
        yield return Get("health: unknown query parameters", "/api/health?verbose=true&details=all", 200, Who.Anonymous);
    }

    public static TheoryData<BadInput> Cases() => new(All());

    [Fact]
    public void The_corpus_has_at_least_sixty_cases_and_reaches_every_endpoint()
    {
        var cases = All().ToList();
        Assert.True(cases.Count >= 60, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        var endpoints = cases.Select(c => c.Name.Split(':')[0]).Distinct().ToList();
        Assert.Equal(18, endpoints.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_4xx_and_writes_nothing(BadInput badInput)
    {
        var before = await fixture.CountRowsAsync();

        using var request = await BuildAsync(badInput);
        using var response = await fixture.Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"{badInput.Name}: {(int)response.StatusCode} {body}");
        Assert.True(badInput.Expected == (int)response.StatusCode, $"{badInput.Name}: expected {badInput.Expected}, got {(int)response.StatusCode} {body}");
        var contract = OpenApiContract.Check(badInput.Method, badInput.Path, badInput.Body, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        Assert.True(contract is null, $"{badInput.Name}: {contract}");
        if (badInput.Expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Grassroots.", body, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        }

        Assert.Equal(before, await fixture.CountRowsAsync());
    }

    /// <summary>The body as a JSON object, or null when the case sends something else (malformed JSON, a form).</summary>
    private static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(BadInput c)
    {
        var path = c.Path.Replace(Waiting, fixture.WaitingEventId, StringComparison.Ordinal).Replace(Dispatched, fixture.DispatchedEventId, StringComparison.Ordinal)
            .Replace(FollowingUp, fixture.FollowUpEventId, StringComparison.Ordinal);
        var body = c.Body?.Replace(Waiting, fixture.WaitingEventId, StringComparison.Ordinal).Replace(Dispatched, fixture.DispatchedEventId, StringComparison.Ordinal);
        if (c.WithRound && body is not null && (path.EndsWith("/reviews", StringComparison.Ordinal) || path.EndsWith("/department-reports", StringComparison.Ordinal))
            && ParseObject(body) is { } json && !json.ContainsKey("round"))
        {
            // Every case but the round's own answers the round the event is in, so it stays a one-fault case.
            var target = c.Path.Contains(Dispatched, StringComparison.Ordinal) ? fixture.DispatchedEventId
                : c.Path.Contains(Waiting, StringComparison.Ordinal) ? fixture.WaitingEventId : null;
            json["round"] = target is null ? 1 : await fixture.Host.CurrentRoundAsync(target);
            body = json.ToJsonString();
        }

        var department = SampleDirectory.Directory.FindDepartment(HardeningFixture.Department)!.Contact.IdentityId;
        var request = c.Who switch
        {
            Who.UnitHead => TestHost.As(c.Method, path, SampleDirectory.IdentityOf(HardeningFixture.Unit)),
            Who.SiblingUnitHead => TestHost.As(c.Method, path, SampleDirectory.IdentityOf("bantou-g1-u2")),
            Who.Department => TestHost.As(c.Method, path, department),
            Who.OtherDepartment => TestHost.As(c.Method, path, SampleDirectory.Directory.FindDepartment("chengxiang-court")!.Contact.IdentityId),
            Who.Admin => TestHost.As(c.Method, path, SampleDirectory.AdminIdentity, "Grassroots.Admin"),
            _ => new HttpRequestMessage(c.Method, path),
        };
        if (c.Who == Who.UserThroughDepartmentApp)
        {
            request.Headers.Add(ClientPrincipal.HeaderName, Principals.UserThroughClientApp(Guid.NewGuid().ToString(), department));
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (c.ContentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
        }

        if (c.IdempotencyKey is not null)
        {
            request.Headers.Add(CaptureEventFunction.IdempotencyKeyHeader, c.IdempotencyKey);
        }

        if (c.TrackingToken is not null)
        {
            request.Headers.Add(TrackEventFunction.TokenHeader, c.TrackingToken == FollowUpToken ? fixture.FollowUpTrackingToken : c.TrackingToken);
        }

        return request;
    }
}
