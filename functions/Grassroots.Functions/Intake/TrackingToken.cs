using System.Security.Cryptography;

namespace Grassroots.Functions.Intake;

/// <summary>The reporter's unguessable token: 256 random bits, URL-safe.</summary>
public static class TrackingToken
{
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
