using System.Security.Cryptography;
using Azure;
using Grassroots.Functions.Storage;

namespace Grassroots.Functions.Open311;

/// <summary>Open311 API keys, kept as hashes like tracking tokens: a key no table holds can't be read from a table.</summary>
public sealed class ApiKeyStore(GrassrootsTables tables, TimeProvider clock)
{
    public const int MaxKeyLength = 128;

    /// <returns>The new key (shown once) and its id (the hash).</returns>
    public async Task<(string Key, string KeyId)> CreateAsync(string channel, string? label, string createdBy, CancellationToken cancellationToken)
    {
        var key = Base64UrlKey();
        var row = new ApiKeyRow { PartitionKey = KeyHash.Of(key), Channel = channel, Label = label, CreatedAt = clock.GetUtcNow(), CreatedBy = createdBy };
        var table = await tables.GetAsync(TableNames.Open311Keys);
        await table.AddEntityAsync(row, cancellationToken);
        return (key, row.PartitionKey);
    }

    /// <returns>False when no such key exists (any more).</returns>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Open311Keys);
        var deleted = await table.DeleteEntityAsync(keyId, "", ETag.All, cancellationToken);
        return deleted.Status != 404;
    }

    /// <returns>The key's row; null for a key that was never issued or was revoked.</returns>
    public async Task<ApiKeyRow?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            return null;
        }

        var table = await tables.GetAsync(TableNames.Open311Keys);
        var row = await table.GetEntityIfExistsAsync<ApiKeyRow>(KeyHash.Of(key), "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public static bool IsKeyId(string? keyId) => keyId is { Length: 64 } && keyId.All(char.IsAsciiHexDigitLower);

    private static string Base64UrlKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
