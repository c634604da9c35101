using System.Globalization;
using Grassroots.Domain.Open311;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Functions.Open311;

/// <summary>The filters of GET Service Requests, checked: each either parses or names what is wrong.</summary>
public sealed record ServiceRequestQuery(
    IReadOnlyList<string>? RequestIds,
    IReadOnlyList<string>? ServiceCodes,
    IReadOnlyList<string> Statuses,
    RequestWindow? Window,
    string? Error)
{
    private static readonly string[] KnownStatuses = ["open", "closed"];

    public static ServiceRequestQuery Parse(IQueryCollection query, IReadOnlyList<string> categories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        ServiceRequestQuery Refuse(string error) => new(null, null, [], null, error);

        if (query.Keys.FirstOrDefault(k => k is not ("jurisdiction_id" or "service_request_id" or "service_code" or "start_date" or "end_date" or "status" or "page" or "page_size")) is { } unknown)
        {
            return Refuse($"{Jurisdiction.Printable(unknown)} is not a parameter of GET Service Requests.");
        }

        if (List(query, "service_request_id") is { } ids)
        {
            return ids.Count > RequestsFunction.MaxRequestIds
                ? Refuse($"service_request_id may list at most {RequestsFunction.MaxRequestIds} ids.")
                : new ServiceRequestQuery(ids, null, KnownStatuses, null, null);
        }

        var codes = List(query, "service_code");
        if (codes?.FirstOrDefault(c => !categories.Contains(c, StringComparer.Ordinal)) is { } unknownCode)
        {
            return Refuse($"service_code {Jurisdiction.Printable(unknownCode)} was not found.");
        }

        IReadOnlyList<string> statuses = List(query, "status") ?? [.. KnownStatuses];
        if (statuses.FirstOrDefault(s => !KnownStatuses.Contains(s)) is { } unknownStatus)
        {
            return Refuse($"status {Jurisdiction.Printable(unknownStatus)} is not open or closed.");
        }

        if (!Time(query, "start_date", out var start) || !Time(query, "end_date", out var end))
        {
            return Refuse("start_date and end_date must be w3 date-times with an offset, e.g. 2010-01-01T00:00:00Z.");
        }

        if (!Number(query, "page", out var page) || !Number(query, "page_size", out var pageSize))
        {
            return Refuse("page and page_size must be whole numbers.");
        }

        var (window, error) = RequestWindow.Of(now, start, end, page, pageSize);
        return window is null ? Refuse(error!) : new ServiceRequestQuery(null, codes, statuses.Distinct().ToList(), window, null);
    }

    private static List<string>? List(IQueryCollection query, string name)
    {
        var items = query[name].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        return items.Count > 0 ? items : null;
    }

    private static bool Time(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        // The offset is required (Z or ±hh:mm): a time without one would be read in the server's zone.
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || parsed.Year is < 2000 or > 2099)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool Number(IQueryCollection query, string name, out int? value)
    {
        value = null;
        var text = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
