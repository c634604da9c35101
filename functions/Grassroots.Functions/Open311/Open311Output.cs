using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Grassroots.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Functions.Open311;

public enum Open311Format
{
    Json,
    Xml,
}

/// <summary>One GeoReport record: its fields in the spec's order (a value is a string, number, bool, time, an empty list or null).</summary>
public sealed class Open311Record : List<KeyValuePair<string, object?>>
{
    public Open311Record Add(string name, object? value)
    {
        Add(new KeyValuePair<string, object?>(name, value));
        return this;
    }
}

/// <summary>
/// GeoReport v2 answers, in the format the URL ends with: JSON (an array of records) or the spec's XML (a root element
/// holding one element per record). Errors take the spec's error-array shape, not problem+json, because that is what
/// GeoReport clients parse.
/// </summary>
public static class Open311Output
{
    public static Checked<Open311Format> Format(string? extension) => extension switch
    {
        "json" => Checked.Passed(Open311Format.Json),
        "xml" => Checked.Passed(Open311Format.Xml),
        _ => Checked.Refused<Open311Format>(Errors(Open311Format.Json, StatusCodes.Status404NotFound, "The format must be json or xml.")),
    };

    public static IActionResult List(Open311Format format, string root, string item, IEnumerable<Open311Record> records) =>
        format == Open311Format.Json
            ? Json(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartArray();
                foreach (var record in records)
                {
                    WriteJson(writer, record);
                }

                writer.WriteEndArray();
            })
            : Xml(StatusCodes.Status200OK, new XElement(root, records.Select(r => ToXml(item, r))));

    /// <summary>A single object at the root (the service definition).</summary>
    public static IActionResult Definition(Open311Format format, string root, Open311Record record) =>
        format == Open311Format.Json
            ? Json(StatusCodes.Status200OK, writer => WriteJson(writer, record))
            : Xml(StatusCodes.Status200OK, ToXml(root, record));

    public static IActionResult Errors(Open311Format format, int status, params string[] descriptions) =>
        format == Open311Format.Json
            ? Json(status, writer =>
            {
                writer.WriteStartArray();
                foreach (var description in descriptions)
                {
                    WriteJson(writer, new Open311Record().Add("code", status).Add("description", description));
                }

                writer.WriteEndArray();
            })
            : Xml(status, new XElement("errors", descriptions.Select(d => ToXml("error", new Open311Record().Add("code", status).Add("description", d)))));

    /// <summary>The spec's w3 date-time: seconds, and the offset always written.</summary>
    public static string W3(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static ContentResult Json(int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return new ContentResult { StatusCode = status, ContentType = "application/json; charset=utf-8", Content = Encoding.UTF8.GetString(buffer.ToArray()) };
    }

    private static ContentResult Xml(int status, XElement root)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        using var writer = new Utf8StringWriter();
        document.Save(writer, SaveOptions.DisableFormatting);
        return new ContentResult { StatusCode = status, ContentType = "text/xml; charset=utf-8", Content = writer.ToString() };
    }

    private static void WriteJson(Utf8JsonWriter writer, Open311Record record)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in record)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string text: writer.WriteStringValue(text); break;
                case bool flag: writer.WriteBooleanValue(flag); break;
                case int number: writer.WriteNumberValue(number); break;
                case double number: writer.WriteNumberValue(number); break;
                case DateTimeOffset time: writer.WriteStringValue(W3(time)); break;
                case IEnumerable<Open311Record> list:
                    writer.WriteStartArray();
                    foreach (var inner in list)
                    {
                        WriteJson(writer, inner);
                    }

                    writer.WriteEndArray();
                    break;
                default: throw new ArgumentException($"No GeoReport form for a {value.GetType().Name}.", nameof(record));
            }
        }

        writer.WriteEndObject();
    }

    private static XElement ToXml(string name, Open311Record record) =>
        new(name, record.Select(field => field.Value switch
        {
            null => new XElement(field.Key),
            bool flag => new XElement(field.Key, flag ? "true" : "false"),
            double number => new XElement(field.Key, number.ToString("R", CultureInfo.InvariantCulture)),
            int number => new XElement(field.Key, number.ToString(CultureInfo.InvariantCulture)),
            DateTimeOffset time => new XElement(field.Key, W3(time)),
            IEnumerable<Open311Record> list => new XElement(field.Key, list.Select(r => ToXml(field.Key.TrimEnd('s'), r))),
            var other => new XElement(field.Key, other.ToString()),
        }));

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
