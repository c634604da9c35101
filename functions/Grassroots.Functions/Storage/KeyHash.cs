using System.Security.Cryptography;
using System.Text;

namespace Grassroots.Functions.Storage;

/// <summary>Keys derived from secrets or long strings: hex SHA-256, safe as a table key.</summary>
public static class KeyHash
{
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
