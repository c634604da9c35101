using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Grassroots.Domain.Locations;
using Grassroots.Functions.Http;

namespace Grassroots.Functions.Intake;

/// <summary>
/// A report that passed validation: trimmed, typed, ready to store. <see cref="UnitId"/> is null only when the report
/// gives a point instead: intake then finds the unit whose area contains it.
/// </summary>
public sealed record ValidEventReport(
    string Category,
    string Title,
    string Description,
    string? UnitId,
    string? ReporterName,
    string? ReporterPhone,
    string Channel,
    DateTimeOffset OccurredAt,
    IReadOnlyList<string> Attachments,
    string? ChannelReference)
{
    // Left out of the idempotency fingerprint when absent, so a retry of a report captured before locations existed
    // still matches its key.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GeoPoint? Point { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Address { get; init; }
}

/// <summary>
/// Checks a report at the edge. Shape problems (missing, too long, unparseable) are 400; well-formed values the
/// platform does not know or cannot accept (unknown category, a date in the future) are 422.
/// </summary>
public sealed partial class EventReportValidator(IntakeOptions options)
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 4000;
    public const int MaxId = 64;
    public const int MaxReporterName = 60;
    public const int MaxReference = 128;
    public const int MaxAttachments = 10;
    public const int MaxUrl = 2048;
    public const int MaxAddress = 256;

    public sealed record Outcome(ValidEventReport? Report, int Status, IReadOnlyDictionary<string, string[]> Errors);

    public Outcome Validate(EventReport report, DateTimeOffset now, bool hasIdempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        var shape = new Dictionary<string, string[]>();
        var meaning = new Dictionary<string, string[]>();

        var category = Required(shape, "category", report.Category, MaxId);
        var title = Required(shape, "title", report.Title, MaxTitle);
        var description = Required(shape, "description", PlainText.NormalizeLineEnds(report.Description), MaxDescription);
        var unitId = Optional(shape, "unitId", report.UnitId, MaxId);
        var channel = Required(shape, "channel", report.Channel, MaxId);
        var occurredText = Required(shape, "occurredAt", report.OccurredAt, 40);
        var reference = Optional(shape, "channelReference", report.ChannelReference, MaxReference);
        var reporterName = Optional(shape, "reporter.name", report.Reporter?.Name, MaxReporterName);
        var reporterPhone = Optional(shape, "reporter.phone", report.Reporter?.Phone, 20);

        var address = Optional(shape, "address", report.Address, MaxAddress);
        var point = Point(report, shape, meaning);
        if (unitId is null && report.Latitude is null && report.Longitude is null && !shape.ContainsKey("unitId"))
        {
            shape["unitId"] = ["is required, unless lat and long are given: then the unit whose area in the directory contains the point is taken"];
        }

        if (reporterPhone is not null && !PhonePattern().IsMatch(reporterPhone))
        {
            shape["reporter.phone"] = ["must be 5 to 20 digits, spaces, '+', '-', '(' or ')'"];
        }

        if (reference is null && !hasIdempotencyKey && !shape.ContainsKey("channelReference"))
        {
            shape["channelReference"] = ["is required when no Idempotency-Key header is sent, so that a retry never captures the event twice"];
        }

        DateTimeOffset occurredAt = default;
        if (occurredText is not null)
        {
            // The offset is required: without it a phone's local time would be read in the server's zone.
            if (!OffsetSuffix().IsMatch(occurredText)
                || !DateTimeOffset.TryParseExact(occurredText, AcceptedTimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out occurredAt))
            {
                shape["occurredAt"] = ["must be an ISO 8601 date-time with an offset, e.g. 2026-11-28T09:30:00+08:00"];
            }
            else if (occurredAt > now + options.AllowedClockSkew)
            {
                meaning["occurredAt"] = ["lies in the future"];
            }
            else if (occurredAt < now - options.MaxEventAge)
            {
                // Checked before anything is written: a date the table store cannot keep (before 1601) must not get as
                // far as the idempotency and tracking rows.
                meaning["occurredAt"] = [$"lies more than {options.MaxEventAge.TotalDays:0} days in the past"];
            }
        }

        var attachments = new List<string>();
        if (report.Attachments is { } urls)
        {
            if (urls.Count > MaxAttachments)
            {
                shape["attachments"] = [$"at most {MaxAttachments} attachments"];
            }
            else
            {
                for (var i = 0; i < urls.Count; i++)
                {
                    var url = urls[i];
                    if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrl
                        || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                        || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    {
                        shape[$"attachments[{i}]"] = [$"must be an absolute http(s) URL of at most {MaxUrl} characters"];
                    }
                    else
                    {
                        attachments.Add(uri.AbsoluteUri);
                    }
                }
            }
        }

        if (category is not null && !options.Categories.Contains(category, StringComparer.Ordinal))
        {
            meaning["category"] = [$"unknown category; use one of: {string.Join(", ", options.Categories)}"];
        }

        if (channel is not null && !options.Channels.Contains(channel, StringComparer.Ordinal))
        {
            meaning["channel"] = [$"unknown channel; use one of: {string.Join(", ", options.Channels)}"];
        }

        if (shape.Count > 0)
        {
            return new Outcome(null, 400, shape);
        }

        if (meaning.Count > 0)
        {
            return new Outcome(null, 422, meaning);
        }

        return new Outcome(
            new ValidEventReport(category!, title!, description!, unitId, reporterName, reporterPhone, channel!, occurredAt, attachments, reference)
            {
                Point = point,
                Address = address,
            },
            200,
            meaning);
    }

    // Both numbers or neither; each in its range; the point inside the city when the city has bounds.
    private GeoPoint? Point(EventReport report, Dictionary<string, string[]> shape, Dictionary<string, string[]> meaning)
    {
        if (report.Latitude is not { } lat || report.Longitude is not { } lon)
        {
            if (report.Latitude.HasValue != report.Longitude.HasValue)
            {
                shape[report.Latitude.HasValue ? "long" : "lat"] = ["is required with " + (report.Latitude.HasValue ? "lat" : "long")];
            }

            return null;
        }

        var latitudeProblem = GeoPoint.LatitudeProblem(lat);
        var longitudeProblem = GeoPoint.LongitudeProblem(lon);
        if (latitudeProblem is not null || longitudeProblem is not null)
        {
            if (latitudeProblem is not null)
            {
                shape["lat"] = [latitudeProblem];
            }

            if (longitudeProblem is not null)
            {
                shape["long"] = [longitudeProblem];
            }

            return null;
        }

        var point = new GeoPoint(lat, lon);
        if (options.CityBounds?.ToBounds() is { } bounds && !bounds.Contains(point))
        {
            meaning["lat"] = [$"lat/long lies outside the city (latitude {bounds.South} to {bounds.North}, longitude {bounds.West} to {bounds.East})"];
            return null;
        }

        return point;
    }

    private static readonly string[] AcceptedTimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    private static string? Required(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["is required"];
            return null;
        }

        return Optional(errors, field, value, maxLength);
    }

    private static string? Optional(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors[field] = [$"must be at most {maxLength} characters"];
            return null;
        }

        if (PlainText.Refusal(trimmed, multiline: field == "description") is { } refusal)
        {
            errors[field] = [refusal];
            return null;
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    [GeneratedRegex(@"(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{5,20}$")]
    private static partial Regex PhonePattern();
}
