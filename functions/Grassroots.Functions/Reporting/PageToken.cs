using System.Text;

namespace Grassroots.Functions.Reporting;

/// <summary>
/// The continuation token handed to clients: the store's own token (next partition and row key, as the store encodes them),
/// base64url-encoded so it is opaque. A crafted token can't steer a query elsewhere: every query pins its partition in
/// the filter, the token only says where in it to go on.
/// </summary>
public static class PageToken
{
    public static string? Encode(string? storeToken) =>
        storeToken is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(storeToken)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>True with the store token (null when none was given); false when the text is not a token .</returns>
    public static bool TryDecode(string? token, out string? storeToken)
    {
        storeToken = null;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (token.Length > 2048)
        {
            return false;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var parts = text.Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || text.Any(char.IsControl))
        {
            return false;
        }

        storeToken = text;
        return true;
    }
}
