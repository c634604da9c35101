namespace Grassroots.Functions.Access;

public enum AuthMode
{
    EasyAuth,
    Development,
}
