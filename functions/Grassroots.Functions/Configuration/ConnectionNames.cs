namespace Grassroots.Functions.Configuration;

/// <summary>
/// Connection setting names, following the Azure Functions convention: the name holds a connection
/// string, or <c>name__serviceUri</c> / <c>name__fullyQualifiedNamespace</c> selects an identity-based connection.
/// </summary>
public static class ConnectionNames
{
    public const string Tables = "GrassrootsTables";
    public const string ServiceBus = "GrassrootsServiceBus";
}
