using System.ComponentModel.DataAnnotations;

namespace Grassroots.Functions.Intake;

/// <summary>An optional setting that, when set, must be base64 of at least <see cref="MinimumBytes"/> bytes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Base64KeyAttribute : ValidationAttribute
{
    public int MinimumBytes { get; init; } = 32;

    public override bool IsValid(object? value)
    {
        if (value is not string { Length: > 0 } text)
        {
            return true;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= MinimumBytes;
    }

    public override string FormatErrorMessage(string name) => $"{name} must be base64 of at least {MinimumBytes} random bytes.";
}
