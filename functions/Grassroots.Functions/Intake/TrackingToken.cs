using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Grassroots.Functions.Intake;

/// <summary>
/// The reporter's unguessable token (256 bits, URL-safe). No table keeps it: it is derived, as an HMAC under the
/// platform's key, from the event's random salt and the idempotency key of the capture, so a retried capture (same key,
/// same report) is handed the same token again while the tables hold only the salt and the token's hash. Whoever can
/// read the tables still lacks the platform key and so cannot mint a resident's token.
/// </summary>
public sealed class TrackingTokenIssuer(IOptions<IntakeOptions> options)
{
    // Without a configured key, tokens still work; only a retry that reaches another instance, or this one after a
    // restart, gets no token back (the key differs, the stored hash does not match).
    private readonly byte[] key = options.Value.TrackingTokenKey is { Length: > 0 } configured
        ? Convert.FromBase64String(configured)
        : RandomNumberGenerator.GetBytes(32);

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(32);

    public string Issue(string scopedIdempotencyKey, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(scopedIdempotencyKey);
        ArgumentNullException.ThrowIfNull(salt);
        var keyBytes = Encoding.UTF8.GetBytes(scopedIdempotencyKey);
        var message = new byte[salt.Length + keyBytes.Length];
        salt.CopyTo(message, 0);
        keyBytes.CopyTo(message, salt.Length);
        return Convert.ToBase64String(HMACSHA256.HashData(key, message)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
