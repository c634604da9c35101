using System.Globalization;
using System.Text;
using System.Text.Json;
using Grassroots.Functions.Intake;
using Grassroots.Functions.Storage;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Functions.Open311;

/// <summary>
/// A GeoReport v2 POST Service Request (form-encoded as the spec says, or a JSON object of the same fields), read into
/// the native <see cref="EventReport"/> so that intake's own validation, idempotency and capture apply unchanged.
/// </summary>
public sealed class ServiceRequestForm
{
    /// <summary>The spec's fields; anything else (an attribute no service defines included) is refused.</summary>
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
        "account_id", "first_name", "last_name", "phone", "description", "media_url",
    };

    private const int MaxOtherField = 256;

    private readonly Dictionary<string, string> values;

    private ServiceRequestForm(Dictionary<string, string> values) => this.values = values;

    public string? this[string field] => values.TryGetValue(field, out var value) && value.Length > 0 ? value : null;

    /// <returns>The fields, or the description of why the body is not a service request (400).</returns>
    public static async Task<(ServiceRequestForm? Form, string? Error)> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, $"The request body may be at most {maxBytes} bytes.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > maxBytes)
        {
            return (null, $"The request body may be at most {maxBytes} bytes.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return (null, "The request body must be UTF-8.");
        }

        if (mediaType == "application/x-www-form-urlencoded")
        {
            foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var cut = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString((cut < 0 ? pair : pair[..cut]).Replace('+', ' '));
                var value = cut < 0 ? "" : Uri.UnescapeDataString(pair[(cut + 1)..].Replace('+', ' '));
                if (!values.TryAdd(name, value))
                {
                    return (null, $"{Jurisdiction.Printable(name)} was sent more than once.");
                }
            }
        }
        else if (mediaType == "application/json")
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, "A JSON body must be an object of the request's fields.");
                }

                foreach (var field in json.RootElement.EnumerateObject())
                {
                    var value = field.Value.ValueKind switch
                    {
                        JsonValueKind.String => field.Value.GetString()!,
                        JsonValueKind.Number => field.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => null,
                    };
                    if (value is null || !values.TryAdd(field.Name, value))
                    {
                        return (null, $"{Jurisdiction.Printable(field.Name)} must be a string or a number, sent once.");
                    }
                }
            }
            catch (JsonException)
            {
                return (null, "The JSON body is malformed.");
            }
        }
        else
        {
            return (null, "Send the request as application/x-www-form-urlencoded (or application/json).");
        }

        var unknown = values.Keys.FirstOrDefault(k => !Fields.Contains(k));
        if (unknown is not null)
        {
            return (null, unknown.StartsWith("attribute[", StringComparison.Ordinal)
                ? "This service defines no attributes."
                : $"{Jurisdiction.Printable(unknown)} is not a field of a service request.");
        }

        var tooLong = values.FirstOrDefault(v => v.Key is not ("description" or "media_url") && v.Value.Length > MaxOtherField);
        return tooLong.Key is not null ? (null, $"{tooLong.Key} may be at most {MaxOtherField} characters.") : (new ServiceRequestForm(values), null);
    }

    /// <summary>
    /// A retry of the same form is the same event: without an Idempotency-Key header the channel reference is a hash of
    /// every field but the key, so a client that re-posts after a lost answer finds its request instead of a twin.
    /// </summary>
    public string ChannelReference() =>
        "open311:" + KeyHash.Of(string.Join('\n', values.Where(v => v.Key != "api_key").OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value)))[..40];

    /// <returns>The report in intake's words, or the error in the spec's words.</returns>
    public (EventReport? Report, string? Error) ToReport(string channel, string channelReference, DateTimeOffset occurredAt)
    {
        var lat = this["lat"];
        var lon = this["long"];
        double? latitude = null, longitude = null;
        if (lat is not null || lon is not null)
        {
            if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var la)
                || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo))
            {
                return (null, "lat and long must both be sent, as decimal degrees (WGS 84).");
            }

            (latitude, longitude) = (la, lo);
        }

        // address_id wins when both are sent (the client knows the unit); lat & long alone find the unit by its area.
        if (this["address_id"] is null && latitude is null)
        {
            return (null, this["address_string"] is not null
                ? "address_id (the id of the unit the problem is in) or lat & long is required: this endpoint does not find the unit from address_string."
                : "A full location parameter must be submitted: address_id (the unit's id), or lat & long (the unit whose area contains the point is taken).");
        }

        var description = this["description"];
        if (description is null)
        {
            return (null, "description is required: it tells the unit head what the problem is.");
        }

        var name = string.Join(' ', new[] { this["first_name"], this["last_name"] }.Where(n => n is not null));
        var report = new EventReport
        {
            Category = this["service_code"],
            Title = Title(description),
            Description = description,
            UnitId = this["address_id"],
            Reporter = name.Length > 0 || this["phone"] is not null ? new ReporterContact { Name = name.Length > 0 ? name : null, Phone = this["phone"] } : null,
            Channel = channel,
            OccurredAt = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            Attachments = this["media_url"] is { } media ? [media] : null,
            ChannelReference = channelReference,
            Latitude = latitude,
            Longitude = longitude,
            Address = this["address_string"],
        };
        return (report, null);
    }

    /// <summary>The native title: the description's first line, cut at a word within the title's length.</summary>
    public static string Title(string description)
    {
        var line = description.Split('\n', 2)[0].Trim();
        if (line.Length <= EventReportValidator.MaxTitle)
        {
            return line.Length > 0 ? line : "(no title)";
        }

        var cut = line.LastIndexOf(' ', EventReportValidator.MaxTitle - 1);
        return line[..(cut > 40 ? cut : EventReportValidator.MaxTitle - 1)] + "…";
    }

    /// <summary>Intake's field names, as the GeoReport client knows them.</summary>
    public static string SpecName(string nativePath) => nativePath switch
    {
        "category" => "service_code",
        "unitId" => "address_id",
        "address" => "address_string",
        "reporter.name" => "first_name/last_name",
        "reporter.phone" => "phone",
        "title" => "description",
        var p when p.StartsWith("attachments", StringComparison.Ordinal) => "media_url",
        var p => p,
    };
}
