using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Grassroots.LocalHost;

/// <summary>
/// Function and admin keys. Like Core Tools, the local host demands none unless keys are configured
/// (<c>LocalHost:FunctionKey</c>, <c>LocalHost:MasterKey</c>); then it checks them as the Functions host does.
/// </summary>
public sealed record FunctionKeys(string? FunctionKey, string? MasterKey)
{
    public bool Enforced => !string.IsNullOrEmpty(FunctionKey) || !string.IsNullOrEmpty(MasterKey);

    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (!Enforced || level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return Matches(presented, MasterKey) || (level == AuthorizationLevel.Function && Matches(presented, FunctionKey));
    }

    private static bool Matches(string presented, string? key) =>
        !string.IsNullOrEmpty(key) &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(key));
}
