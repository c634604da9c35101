using System.Security.Cryptography;

namespace Grassroots.Functions.Intake;

/// <summary>Event ids sort by capture time and are safe as table keys and orchestration instance ids.</summary>
public static class EventIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset capturedAt) =>
        "EV" + capturedAt.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" +
        new string(RandomNumberGenerator.GetItems<char>(Alphabet, 8));
}
