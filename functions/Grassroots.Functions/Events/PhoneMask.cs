namespace Grassroots.Functions.Events;

public static class PhoneMask
{
    /// <summary>Every read shows only the last four digits: enough for a reporter to recognise their number.</summary>
    public static string? Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }

        var digits = phone.Where(char.IsDigit).ToArray();
        var visible = digits.Length > 4 ? new string(digits[^4..]) : "";
        return new string('*', Math.Max(0, digits.Length - visible.Length)) + visible;
    }
}
