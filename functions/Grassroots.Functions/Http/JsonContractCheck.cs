using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Grassroots.Functions.Http;

/// <summary>
/// Compares a JSON body with the request contract it is bound to: fields the contract lacks and values of the wrong JSON
/// kind are named by their JSON path (<c>reporter.phone</c>, <c>attachments[2]</c>) with a reason in JSON's words.
/// </summary>
public static class JsonContractCheck
{
    public sealed record Mismatch(string Path, string Reason);

    /// <returns>The first field that does not fit the contract, or null when the body fits.</returns>
    public static Mismatch? FirstMismatch(JsonElement element, JsonTypeInfo contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Check(element, contract, "");
    }

    private static Mismatch? Check(JsonElement element, JsonTypeInfo contract, string path)
    {
        var name = path.Length == 0 ? "body" : path;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return new Mismatch(name, "must be a JSON object");
                }

                foreach (var property in element.EnumerateObject())
                {
                    var childPath = path.Length == 0 ? property.Name : path + "." + property.Name;
                    var known = contract.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                    if (known is null)
                    {
                        return new Mismatch(childPath, "is not a field of this request");
                    }

                    if (Check(property.Value, contract.Options.GetTypeInfo(known.PropertyType), childPath) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonTypeInfoKind.Enumerable when contract.ElementType is { } itemType:
                if (element.ValueKind != JsonValueKind.Array)
                {
                    return new Mismatch(name, "must be a JSON array");
                }

                var itemContract = contract.Options.GetTypeInfo(itemType);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, itemContract, $"{path}[{index}]") is { } inner)
                    {
                        return inner;
                    }

                    index++;
                }

                return null;
            default:
                return CheckValue(element, Nullable.GetUnderlyingType(contract.Type) ?? contract.Type, name);
        }
    }

    private static Mismatch? CheckValue(JsonElement element, Type type, string name)
    {
        if (type == typeof(string))
        {
            return element.ValueKind == JsonValueKind.String ? null : new Mismatch(name, "must be a JSON string");
        }

        if (type == typeof(bool))
        {
            return element.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : new Mismatch(name, "must be true or false");
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number)
                && (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue)
                ? null
                : new Mismatch(name, "must be a whole number");
        }

        // Any other value type is left to the deserializer, whose refusal is mapped to a neutral message by the caller.
        return null;
    }
}
